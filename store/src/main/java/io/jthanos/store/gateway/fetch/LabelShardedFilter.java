package io.jthanos.store.gateway.fetch;

import io.jthanos.model.Labels;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.tsdb.block.BlockMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the blocks whose external labels, plus {@value #BLOCK_ID_LABEL} set to the ULID, survive the relabel
 * rules of {@code --selector.relabel-config} (Thanos's {@code LabelShardedMetaFilter}); e.g. {@code hashmod} on
 * {@code __block_id} shards blocks over several gateways.
 */
public final class LabelShardedFilter implements MetaFilter {
    public static final String BLOCK_ID_LABEL = "__block_id";

    private final List<RelabelConfig> rules;

    public LabelShardedFilter(List<RelabelConfig> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) {
        if (rules.isEmpty()) {
            return;
        }
        int removed = 0;
        var it = metas.values().iterator();
        while (it.hasNext()) {
            BlockMeta m = it.next();
            Map<String, String> ls = new HashMap<>(m.thanos() == null ? Map.of() : m.thanos().labels());
            ls.put(BLOCK_ID_LABEL, m.ulid());
            if (!Relabeler.keeps(Labels.fromMap(ls), rules)) {
                it.remove();
                removed++;
            }
        }
        synced.add(SyncedCounts.LABEL_EXCLUDED, removed);
    }
}
