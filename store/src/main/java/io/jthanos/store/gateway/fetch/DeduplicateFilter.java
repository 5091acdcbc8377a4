package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides blocks whose compaction sources are all contained in another block of the same resolution (Thanos's
 * {@code DeduplicateFilter}): while the compactor has uploaded a compacted block but not yet deleted its
 * inputs, both are in the bucket and would otherwise return the same samples twice. Of blocks with identical
 * sources the one with the greatest ULID stays.
 */
public final class DeduplicateFilter implements MetaFilter {
    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) {
        List<BlockMeta> order = new ArrayList<>(metas.values());
        order.sort(Comparator.<BlockMeta>comparingInt(m -> -m.compaction().sources().size())
                .thenComparing(BlockMeta::ulid, Comparator.reverseOrder()));
        // kept blocks by (resolution, source)
        Map<String, List<Set<String>>> keptBySource = new HashMap<>();
        int removed = 0;
        for (BlockMeta m : order) {
            long res = m.thanos() == null ? 0 : m.thanos().downsampleResolution();
            List<String> sources = m.compaction().sources().isEmpty() ? List.of(m.ulid()) : m.compaction().sources();
            boolean covered = false;
            for (Set<String> kept : keptBySource.getOrDefault(res + "/" + sources.get(0), List.of())) {
                if (kept.containsAll(sources)) {
                    covered = true;
                    break;
                }
            }
            if (covered) {
                metas.remove(m.ulid());
                removed++;
                continue;
            }
            Set<String> set = new HashSet<>(sources);
            for (String s : sources) {
                keptBySource.computeIfAbsent(res + "/" + s, k -> new ArrayList<>()).add(set);
            }
        }
        synced.add(SyncedCounts.DUPLICATE, removed);
    }
}
