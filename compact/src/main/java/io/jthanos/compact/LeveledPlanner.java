package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the blocks of one group to compact next: Thanos's {@code tsdbBasedPlanner}, i.e. Prometheus's
 * leveled planner ({@code tsdb/compact.go} {@code plan}, {@code selectDirs}, {@code splitByRange})
 * working on metas instead of directories, with no-compact marks excluded without creating gaps.
 *
 * <ol>
 *   <li>Overlapping blocks (not no-compact marked) are planned first, all together.</li>
 *   <li>The block with the greatest {@code minTime} is left out (a window for maintenance).</li>
 *   <li>For each range after the first (2h, 8h, 2d, 14d), blocks are split into aligned ranges; the
 *       first part with two or more blocks that spans its full range, or ends before the newest
 *       block, is planned.</li>
 *   <li>Otherwise a big block with more than 5% tombstones per series is planned alone.</li>
 * </ol>
 */
public final class LeveledPlanner {
    /** Thanos's compaction levels {1h, 2h, 8h, 2d, 14d} in milliseconds. */
    public static final long[] DEFAULT_RANGES = {
        Duration.ofHours(1).toMillis(), Duration.ofHours(2).toMillis(), Duration.ofHours(8).toMillis(),
        Duration.ofDays(2).toMillis(), Duration.ofDays(14).toMillis()
    };

    private final long[] ranges;

    public LeveledPlanner(long[] ranges) {
        this.ranges = ranges.clone();
    }

    /**
     * The blocks to compact into one, in {@code minTime} order, or an empty list.
     *
     * @param metasByMinTime all blocks of the group, sorted by {@code minTime}
     * @param noCompact ULIDs with a no-compact mark
     */
    public List<BlockMeta> plan(List<BlockMeta> metasByMinTime, Set<String> noCompact) {
        if (metasByMinTime.isEmpty()) {
            return List.of();
        }
        List<BlockMeta> notExcluded = new ArrayList<>();
        for (BlockMeta m : metasByMinTime) {
            if (!noCompact.contains(m.ulid())) {
                notExcluded.add(m);
            }
        }
        List<BlockMeta> overlapping = selectOverlapping(notExcluded);
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        BlockMeta newest = metasByMinTime.get(metasByMinTime.size() - 1);
        if (!noCompact.contains(newest.ulid()) && !notExcluded.isEmpty()) {
            notExcluded = notExcluded.subList(0, notExcluded.size() - 1);
        }
        List<BlockMeta> selected = selectMetas(noCompact, metasByMinTime.subList(0, metasByMinTime.size() - 1));
        if (!selected.isEmpty()) {
            return selected;
        }
        for (int i = notExcluded.size() - 1; i >= 0; i--) {
            BlockMeta m = notExcluded.get(i);
            if (m.maxTime() - m.minTime() < ranges[ranges.length / 2]) {
                break;
            }
            if ((double) m.stats().numTombstones() / (m.stats().numSeries() + 1) > 0.05) {
                return List.of(m);
            }
        }
        return List.of();
    }

    private List<BlockMeta> selectMetas(Set<String> noCompact, List<BlockMeta> metas) {
        if (ranges.length < 2 || metas.isEmpty()) {
            return List.of();
        }
        long highTime = metas.get(metas.size() - 1).minTime();
        for (int r = 1; r < ranges.length; r++) {
            long iv = ranges[r];
            outer:
            for (List<BlockMeta> p : splitByRange(metas, iv)) {
                for (BlockMeta m : p) {
                    if (m.compaction().failed()) {
                        continue outer;
                    }
                }
                if (p.size() < 2) {
                    continue;
                }
                long mint = p.get(0).minTime();
                long maxt = p.get(p.size() - 1).maxTime();
                if (maxt - mint != iv && maxt > highTime) {
                    continue;
                }
                int lastExcluded = 0;
                for (int i = 0; i < p.size(); i++) {
                    if (!noCompact.contains(p.get(i).ulid())) {
                        continue;
                    }
                    if (i - lastExcluded > 1) {
                        return List.copyOf(p.subList(lastExcluded, i));
                    }
                    lastExcluded = i + 1;
                }
                if (p.size() - lastExcluded > 1) {
                    return List.copyOf(p.subList(lastExcluded, p.size()));
                }
            }
        }
        return List.of();
    }

    /** All blocks of the first run of overlapping blocks, in the order received. */
    static List<BlockMeta> selectOverlapping(List<BlockMeta> metasByMinTime) {
        if (metasByMinTime.size() < 2) {
            return List.of();
        }
        List<BlockMeta> out = new ArrayList<>();
        long globalMax = metasByMinTime.get(0).maxTime();
        for (int i = 1; i < metasByMinTime.size(); i++) {
            BlockMeta m = metasByMinTime.get(i);
            if (m.minTime() < globalMax) {
                if (out.isEmpty()) {
                    out.add(metasByMinTime.get(i - 1));
                }
                out.add(m);
            } else if (!out.isEmpty()) {
                break;
            }
            globalMax = Math.max(globalMax, m.maxTime());
        }
        return out;
    }

    /**
     * Splits blocks into groups falling into aligned ranges of size {@code tr}; blocks that do not fit
     * one range are skipped. E.g. [0-10, 10-20, 50-60, 90-100] with tr 30 → [0-10, 10-20], [50-60], [90-100].
     */
    static List<List<BlockMeta>> splitByRange(List<BlockMeta> metasByMinTime, long tr) {
        List<List<BlockMeta>> out = new ArrayList<>();
        int i = 0;
        while (i < metasByMinTime.size()) {
            BlockMeta m = metasByMinTime.get(i);
            long t0 = m.minTime() >= 0 ? tr * (m.minTime() / tr) : tr * ((m.minTime() - tr + 1) / tr);
            if (m.maxTime() > t0 + tr) {
                i++;
                continue;
            }
            List<BlockMeta> group = new ArrayList<>();
            for (; i < metasByMinTime.size(); i++) {
                if (metasByMinTime.get(i).maxTime() > t0 + tr) {
                    break;
                }
                group.add(metasByMinTime.get(i));
            }
            if (!group.isEmpty()) {
                out.add(group);
            }
        }
        return out;
    }
}
