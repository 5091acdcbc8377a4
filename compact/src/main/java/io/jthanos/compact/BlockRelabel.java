package io.jthanos.compact;

import io.jthanos.model.Labels;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.tsdb.block.BlockMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code --selector.relabel-config}: Prometheus relabeling ({@link Relabeler}) applied to a block's external
 * labels plus {@code __block_id} (Thanos's {@code LabelShardedMetaFilter}); a block is kept unless relabeling
 * drops it or leaves no label.
 */
public final class BlockRelabel implements Predicate<BlockMeta> {
    /** The label holding the block's ULID during relabeling. */
    public static final String BLOCK_ID_LABEL = "__block_id";

    private final List<RelabelConfig> rules;

    private BlockRelabel(List<RelabelConfig> rules) {
        this.rules = rules;
    }

    /**
     * Parses a YAML list of relabel configs; null or blank text keeps every block.
     *
     * @throws IllegalArgumentException naming the problem (unknown action, bad regex, missing modulus)
     */
    public static BlockRelabel parse(String yaml) {
        return new BlockRelabel(RelabelConfig.parseList(yaml, "relabel config"));
    }

    @Override
    public boolean test(BlockMeta m) {
        if (rules.isEmpty()) {
            return true;
        }
        Map<String, String> labels = new HashMap<>(m.thanos() == null ? Map.of() : m.thanos().labels());
        labels.put(BLOCK_ID_LABEL, m.ulid());
        return Relabeler.keeps(Labels.fromMap(labels), rules);
    }
}
