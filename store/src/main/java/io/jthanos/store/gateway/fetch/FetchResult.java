package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The outcome of one {@link BlockMetaFetcher#fetch()}.
 *
 * @param metas blocks that passed every filter, by ULID in ascending order
 * @param partial block directories without a {@code meta.json} (uploads in progress or abandoned)
 * @param corrupted blocks whose {@code meta.json} could not be parsed, with the reason
 * @param synced block counts per state
 */
public record FetchResult(SortedMap<String, BlockMeta> metas, Set<String> partial, Map<String, String> corrupted,
        SyncedCounts synced) {}
