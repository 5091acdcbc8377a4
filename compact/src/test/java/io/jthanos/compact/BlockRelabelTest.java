package io.jthanos.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The predicate over block metas; the relabel semantics themselves are tested in {@code RelabelerTest}. */
class BlockRelabelTest {
    private static BlockMeta block(String id, Map<String, String> labels) {
        return new BlockMeta(id, 0, 1, null, null, 1, BlockMeta.Thanos.of(labels, "test"), null);
    }

    @Test
    void keepAndDropOnExternalLabelsAndBlockId() {
        BlockRelabel r = BlockRelabel.parse("""
                - action: keep
                  source_labels: [cluster]
                  regex: eu.*
                - action: drop
                  source_labels: [__block_id]
                  regex: 01C
                """);
        assertThat(r.test(block("01A", Map.of("cluster", "eu1", "env", "dev")))).isTrue();
        assertThat(r.test(block("01B", Map.of("cluster", "us1")))).isFalse();
        assertThat(r.test(block("01C", Map.of("cluster", "eu2")))).isFalse();
        assertThat(BlockRelabel.parse("").test(block("01E", Map.of()))).isTrue();
        assertThat(BlockRelabel.parse(null).test(block("01E", Map.of()))).isTrue();
    }

    @Test
    void hashmodOnBlockIdShardsBlocks() {
        String shard = """
                - action: hashmod
                  source_labels: [__block_id]
                  target_label: shard
                  modulus: 2
                - action: keep
                  source_labels: [shard]
                  regex: "%s"
                """;
        BlockRelabel zero = BlockRelabel.parse(shard.formatted("0"));
        BlockRelabel one = BlockRelabel.parse(shard.formatted("1"));
        int kept0 = 0;
        for (int i = 0; i < 100; i++) {
            BlockMeta b = block("01HZX" + i, Map.of("a", "b"));
            assertThat(zero.test(b)).isNotEqualTo(one.test(b));
            kept0 += zero.test(b) ? 1 : 0;
        }
        assertThat(kept0).isBetween(25, 75);
        // md5("a") ends in 0x31c399e269772661, which is odd.
        assertThat(one.test(block("a", Map.of()))).isTrue();
    }

    @Test
    void aBlockLeftWithoutLabelsIsDropped() {
        assertThat(BlockRelabel.parse("- action: labeldrop\n  regex: .*\n").test(block("01F", Map.of("a", "b")))).isFalse();
    }

    @Test
    void invalidConfigsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> BlockRelabel.parse("- action: shard")).hasMessageContaining("unknown relabel action");
        assertThatThrownBy(() -> BlockRelabel.parse("- action: keep\n  regex: '('")).hasMessageContaining("invalid relabel regex");
    }
}
