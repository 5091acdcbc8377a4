package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.util.Map;

/**
 * One step of meta filtering after a fetch (Thanos's {@code block.MetadataFilter}): removes from
 * {@code metas} the blocks it rejects and counts them in {@code synced} under its state name.
 */
public interface MetaFilter {
    /**
     * @param metas the blocks that passed the previous filters, by ULID; modified in place
     * @param synced per-state counters of {@code thanos_blocks_meta_synced}; add rejected blocks here
     */
    void filter(Map<String, BlockMeta> metas, SyncedCounts synced) throws IOException;

    /**
     * As {@link #filter(Map, SyncedCounts)}, knowing which objects the fetch listed under each block directory;
     * {@link BlockMetaFetcher} calls this one. Filters that read marker files override it to skip absent markers.
     */
    default void filter(Map<String, BlockMeta> metas, SyncedCounts synced, BlockListing listing) throws IOException {
        filter(metas, synced);
    }
}
