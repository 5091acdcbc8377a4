package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds blocks whose time ranges overlap (Prometheus's {@code tsdb.OverlappingBlocks}), for the
 * pre-compaction check and for a report that names the blocks.
 */
public final class Overlaps {
    private Overlaps() {}

    /**
     * The sets of mutually overlapping blocks among {@code metasByMinTime} (sorted by {@code minTime}):
     * each set is a maximal run whose ranges chain into each other; only runs of two or more blocks.
     */
    public static List<List<BlockMeta>> find(List<BlockMeta> metasByMinTime) {
        List<List<BlockMeta>> out = new ArrayList<>();
        List<BlockMeta> run = new ArrayList<>();
        long runMax = Long.MIN_VALUE;
        for (BlockMeta m : metasByMinTime) {
            if (!run.isEmpty() && m.minTime() < runMax) {
                run.add(m);
            } else {
                if (run.size() > 1) {
                    out.add(run);
                }
                run = new ArrayList<>();
                run.add(m);
                runMax = Long.MIN_VALUE;
            }
            runMax = Math.max(runMax, m.maxTime());
        }
        if (run.size() > 1) {
            out.add(run);
        }
        return out;
    }

    /** A one-line description: {@code [mint, maxt): <ulid> <ulid>; …}. */
    public static String describe(List<List<BlockMeta>> overlaps) {
        StringBuilder sb = new StringBuilder();
        for (List<BlockMeta> run : overlaps) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (BlockMeta m : run) {
                min = Math.min(min, m.minTime());
                max = Math.max(max, m.maxTime());
            }
            sb.append('[').append(min).append(", ").append(max).append("):");
            for (BlockMeta m : run) {
                sb.append(' ').append(m.ulid()).append(" [").append(m.minTime()).append(", ").append(m.maxTime())
                        .append(')');
            }
        }
        return sb.toString();
    }
}
