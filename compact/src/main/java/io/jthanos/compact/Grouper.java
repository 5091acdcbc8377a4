package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sorts blocks into {@link CompactionGroup}s by resolution and external labels, as Thanos's
 * {@code DefaultGrouper}; labels named by {@code --deduplication.replica-label} are removed first, so
 * the blocks of all replicas land in one group and are merged by vertical compaction.
 */
public final class Grouper {
    private final Set<String> replicaLabels;

    public Grouper(Collection<String> replicaLabels) {
        this.replicaLabels = Set.copyOf(replicaLabels);
    }

    /** The group labels of a block: its external labels without replica labels. */
    public Map<String, String> groupLabels(BlockMeta m) {
        Map<String, String> l = new HashMap<>(m.thanos().labels());
        l.keySet().removeAll(replicaLabels);
        return l;
    }

    /** The groups of {@code metas}, ordered by key. */
    public List<CompactionGroup> groups(Collection<BlockMeta> metas) {
        Map<String, List<BlockMeta>> byKey = new TreeMap<>();
        Map<String, Map<String, String>> labelsByKey = new HashMap<>();
        Map<String, Long> resByKey = new HashMap<>();
        for (BlockMeta m : metas) {
            Map<String, String> labels = groupLabels(m);
            long res = m.thanos().downsampleResolution();
            String key = CompactionGroup.key(res, labels);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            labelsByKey.put(key, labels);
            resByKey.put(key, res);
        }
        List<CompactionGroup> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, List<BlockMeta>> e : byKey.entrySet()) {
            out.add(new CompactionGroup(e.getKey(), labelsByKey.get(e.getKey()), resByKey.get(e.getKey()), e.getValue()));
        }
        return out;
    }
}
