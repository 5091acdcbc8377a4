package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Blocks with the same resolution and the same external labels (replica labels removed when
 * deduplication is configured): the unit Thanos compacts, one group at a time.
 *
 * @param key {@code <resolution>@<labels>}, e.g. {@code 0@{cluster="eu1"}}; unique per group
 * @param labels the group's external labels, as the compacted blocks will carry them
 * @param resolution 0, 300000 or 3600000 ms
 * @param metasByMinTime the blocks, ordered by {@code minTime} then ULID
 */
public record CompactionGroup(String key, Map<String, String> labels, long resolution, List<BlockMeta> metasByMinTime) {
    /** Orders metas as the planner expects. */
    public static final Comparator<BlockMeta> BY_MIN_TIME =
            Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::ulid);

    public CompactionGroup {
        labels = Map.copyOf(labels);
        metasByMinTime = metasByMinTime.stream().sorted(BY_MIN_TIME).toList();
    }

    /** The key of the group of blocks with {@code labels} at {@code resolution}. */
    public static String key(long resolution, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder().append(resolution).append("@{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return sb.append('}').toString();
    }

    /** The resolution as Thanos's metric label spells it: {@code 0}, {@code 300000}, {@code 3600000}. */
    public String resolutionLabel() {
        return Long.toString(resolution);
    }
}
