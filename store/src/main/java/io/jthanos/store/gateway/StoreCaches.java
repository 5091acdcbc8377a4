package io.jthanos.store.gateway;

import io.jthanos.store.cache.RemoteCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a {@link BucketStore} caches index items and chunk bytes: {@code --index-cache.config} and
 * {@code --store.caching-bucket.config}. A remote cache is given as the function that opens it with the store's
 * metrics registry; the store opens it when it starts and closes it when it closes.
 *
 * @param index the index cache
 * @param chunks the chunk cache
 */
public record StoreCaches(Index index, Chunks chunks) {
    /** Thanos's {@code chunk_subrange_size} default: the largest chunk. */
    public static final int DEFAULT_CHUNK_SUBRANGE_SIZE = ChunkCache.SUBRANGE;
    /** Thanos's {@code max_chunks_get_range_requests} default. */
    public static final int DEFAULT_MAX_CHUNKS_GET_RANGE_REQUESTS = ChunkCache.MAX_GET_RANGE_REQUESTS;

    /** The index cache: Thanos's {@code IN-MEMORY} or a remote one such as {@code MEMCACHED}. */
    public sealed interface Index {
        /** Item types the cache holds ({@code enabled_items}; all when Thanos's list is empty). */
        Set<IndexCache.ItemType> items();
    }

    /** In this process, at most {@code maxBytes}, items of at most {@code maxItemBytes}. */
    public record InMemoryIndex(long maxBytes, long maxItemBytes, Set<IndexCache.ItemType> items) implements Index {}

    /** In the cache {@code opener} opens, each item kept for {@code ttl}. */
    public record RemoteIndex(Function<MeterRegistry, RemoteCache> opener, Duration ttl, Set<IndexCache.ItemType> items)
            implements Index {}

    /** The chunk cache (Thanos's caching bucket, chunks only). */
    public sealed interface Chunks {}

    /** In this process, at most {@code maxBytes} (0: none). */
    public record InMemoryChunks(long maxBytes, int subrangeSize, int maxGetRangeRequests) implements Chunks {}

    /** In the cache {@code opener} opens, each subrange kept for {@code ttl}. */
    public record RemoteChunks(Function<MeterRegistry, RemoteCache> opener, Duration ttl, int subrangeSize,
            int maxGetRangeRequests) implements Chunks {}

    /** The in-memory caches of {@code config}'s sizes. */
    public static StoreCaches inMemory(BucketStoreConfig config) {
        return inMemory(config.indexCacheSize(), config.chunkCacheSize());
    }

    /**
     * In-memory caches: an index cache of {@code indexBytes} for every item type, items of at most half of it, and
     * a chunk cache of {@code chunkBytes} with Thanos's subranges.
     */
    public static StoreCaches inMemory(long indexBytes, long chunkBytes) {
        return new StoreCaches(new InMemoryIndex(indexBytes, indexBytes / 2, EnumSet.allOf(IndexCache.ItemType.class)),
                new InMemoryChunks(chunkBytes, DEFAULT_CHUNK_SUBRANGE_SIZE, DEFAULT_MAX_CHUNKS_GET_RANGE_REQUESTS));
    }
}
