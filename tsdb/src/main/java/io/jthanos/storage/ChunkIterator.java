package io.jthanos.storage;

/** A forward-only cursor over the chunks of one series, ordered by {@code minTime}. */
public interface ChunkIterator {
    /** Advances to the next chunk; {@code false} when exhausted. */
    boolean next();

    /** The current chunk; valid after {@link #next()} returned {@code true}. */
    ChunkMeta at();

    /** An iterator with no chunks. */
    static ChunkIterator empty() {
        return new ChunkIterator() {
            @Override
            public boolean next() {
                return false;
            }

            @Override
            public ChunkMeta at() {
                throw new IllegalStateException("empty chunk iterator");
            }
        };
    }
}
