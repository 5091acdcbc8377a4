package io.jthanos.store.gateway;

import io.jthanos.store.StoreException;

/**
 * The budget for chunk bytes held by queries in flight ({@code --chunk-pool-size}). A query reserves the bytes
 * of each ranged chunk read before it is made and releases them once the series using them are sent. A
 * reservation that does not fit fails at once with {@link StoreException.Code#RESOURCE_EXHAUSTED}: a query
 * that needs more than the pool fails cleanly instead of taking the process down.
 */
public final class ChunkPool {
    private final long capacity;
    private long used;

    /** @param capacity bytes; {@code Long.MAX_VALUE} for no limit */
    public ChunkPool(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("chunk pool size must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reserves {@code bytes} or throws {@link StoreException} with code {@code RESOURCE_EXHAUSTED}. */
    public synchronized void reserve(long bytes) {
        if (bytes > capacity - used) {
            throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "chunk pool exhausted: reading "
                    + bytes + " bytes of chunks would exceed --chunk-pool-size=" + capacity + " (" + used + " bytes in use)");
        }
        used += bytes;
    }

    /** Returns {@code bytes} reserved earlier. */
    public synchronized void release(long bytes) {
        used -= bytes;
        if (used < 0) {
            throw new IllegalStateException("chunk pool released more than reserved: " + used);
        }
    }

    public synchronized long used() {
        return used;
    }

    public long capacity() {
        return capacity;
    }
}
