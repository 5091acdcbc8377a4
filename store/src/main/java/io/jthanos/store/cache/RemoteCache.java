package io.jthanos.store.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A shared key-value cache outside the process (Thanos's {@code cacheutil.RemoteCacheClient}), such as memcached.
 * A cache is an optimisation: its failures never fail the caller. They are counted and logged, and a failed read
 * is a miss.
 */
public interface RemoteCache extends AutoCloseable {
    /**
     * The values found for {@code keys}; keys missing from the cache, or on a server that failed, are absent from
     * the map. Never throws for a cache failure.
     */
    Map<String, byte[]> getMulti(List<String> keys);

    /**
     * Stores {@code value} under {@code key} for {@code ttl}, asynchronously: returns at once. An item larger than
     * the configured maximum, or one that finds the queue full, is skipped (and counted).
     */
    void setAsync(String key, byte[] value, Duration ttl);

    /** Stops the background work; queued writes may be dropped. */
    @Override
    void close();
}
