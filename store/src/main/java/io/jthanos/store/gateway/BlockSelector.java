package io.jthanos.store.gateway;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chooses the blocks that answer a time range at a resolution (Thanos's {@code bucketBlockSet.getFor}). Blocks are
 * grouped by external labels; within a group the coarsest resolution not above {@code maxResolution} is used
 * where it has blocks, and gaps between its blocks are filled, recursively, with finer resolutions down to raw.
 */
final class BlockSelector {
    private BlockSelector() {}

    static List<BucketBlock> select(Collection<BucketBlock> blocks, long minTime, long maxTime, long maxResolution) {
        Map<Labels, List<BucketBlock>> groups = new LinkedHashMap<>();
        for (BucketBlock b : blocks) {
            groups.computeIfAbsent(b.externalLabels(), k -> new ArrayList<>()).add(b);
        }
        List<BucketBlock> out = new ArrayList<>();
        for (List<BucketBlock> g : groups.values()) {
            TreeSet<Long> resolutions = new TreeSet<>();
            for (BucketBlock b : g) {
                if (b.resolution() <= maxResolution) {
                    resolutions.add(b.resolution());
                }
            }
            if (resolutions.isEmpty()) {
                continue;
            }
            g.sort(Comparator.comparingLong((BucketBlock b) -> b.meta().minTime()).thenComparing(BucketBlock::id));
            List<Long> levels = new ArrayList<>(resolutions);
            getFor(g, levels, levels.size() - 1, minTime, maxTime, out);
        }
        return out;
    }

    private static void getFor(List<BucketBlock> group, List<Long> levels, int level, long minTime, long maxTime,
            List<BucketBlock> out) {
        if (minTime > maxTime || level < 0) {
            return;
        }
        long res = levels.get(level);
        long cur = minTime;
        for (BucketBlock b : group) {
            if (b.resolution() != res || !b.overlaps(minTime, maxTime)) {
                continue;
            }
            if (level > 0 && b.meta().minTime() > cur) {
                getFor(group, levels, level - 1, cur, b.meta().minTime() - 1, out);
            }
            out.add(b);
            cur = Math.max(cur, b.meta().maxTime());
        }
        if (level > 0 && cur <= maxTime) {
            getFor(group, levels, level - 1, cur, maxTime, out);
        }
    }
}
