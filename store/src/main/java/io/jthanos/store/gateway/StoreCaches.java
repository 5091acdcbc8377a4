package io.jthanos.store.gateway;

import io.jthanos.store.cache.RemoteCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a {@link BucketStore} caches index items and chunk bytes: {@code --index-cache.config} and
 * {@code --store.caching-bucket.config}. The store owns the remote caches it is given and closes them.
 *
 * @param index the index cache
 * @param chunks the chunk cache
 */
public record StoreCaches(Index index, Chunks chunks) {

    /** The index cache: Thanos's {@code IN-MEMORY} or a remote one such as {@code MEMCACHED}. */
    public sealed interface Index {
        /** Item types the cache holds ({@code enabled_items}; all when Thanos's list is empty). */
        Set<IndexCache.ItemType> items();
    }

    /** In this process, at most {@code maxBytes}. */
    public record InMemoryIndex(long maxBytes, Set<IndexCache.ItemType> items) implements Index {}

    /** In {@code cache}, each item kept for {@code ttl}. */
    public record RemoteIndex(RemoteCache cache, Duration ttl, Set<IndexCache.ItemType> items) implements Index {}

    /** The chunk cache (Thanos's caching bucket, chunks only). */
    public sealed interface Chunks {}

    /** In this process, at most {@code maxBytes} (0: none). */
    public record InMemoryChunks(long maxBytes, int subrangeSize, int maxGetRangeRequests) implements Chunks {}

    /** In {@code cache}, each subrange kept for {@code ttl}. */
    public record RemoteChunks(RemoteCache cache, Duration ttl, int subrangeSize, int maxGetRangeRequests)
            implements Chunks {}

    /** The in-memory caches of {@code config}'s sizes, for every item type, with Thanos's subranges. */
    public static StoreCaches inMemory(BucketStoreConfig config) {
        return new StoreCaches(new InMemoryIndex(config.indexCacheSize(), EnumSet.allOf(IndexCache.ItemType.class)),
                new InMemoryChunks(config.chunkCacheSize(), ChunkCache.SUBRANGE, ChunkCache.MAX_GET_RANGE_REQUESTS));
    }

    /** The remote caches among these, once each. */
    List<RemoteCache> remotes() {
        List<RemoteCache> out = new ArrayList<>();
        if (index instanceof RemoteIndex r) {
            out.add(r.cache());
        }
        if (chunks instanceof RemoteChunks r && !out.contains(r.cache())) {
            out.add(r.cache());
        }
        return out;
    }
}
