package io.jthanos.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockRelabelTest {
    private static BlockMeta block(String id, Map<String, String> labels) {
        return new BlockMeta(id, 0, 1, null, null, 1, BlockMeta.Thanos.of(labels, "test"), null);
    }

    @Test
    void keepAndDropOnExternalLabels() {
        BlockRelabel r = BlockRelabel.parse("""
                - action: keep
                  source_labels: [cluster]
                  regex: eu.*
                - action: drop
                  source_labels: [cluster, env]
                  regex: eu2;dev
                """);
        assertThat(r.test(block("01A", Map.of("cluster", "eu1", "env", "dev")))).isTrue();
        assertThat(r.test(block("01B", Map.of("cluster", "us1")))).isFalse();
        assertThat(r.test(block("01C", Map.of("cluster", "eu2", "env", "dev")))).isFalse();
        assertThat(r.test(block("01D", Map.of("cluster", "eu2", "env", "prod")))).isTrue();
        assertThat(BlockRelabel.parse("").test(block("01E", Map.of()))).isTrue();
    }

    @Test
    void hashmodOnBlockIdShardsBlocksAsPrometheusDoes() {
        // md5("a") = 0cc175b9c0f1b6a8 31c399e269772661: tail 0x31c399e269772661 % 2 = 1.
        assertThat(BlockRelabel.md5Tail("a")).isEqualTo(0x31c399e269772661L);
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
        assertThat(one.test(block("a", Map.of()))).isTrue();
    }

    @Test
    void replaceExpandsGoTemplates() {
        BlockRelabel r = BlockRelabel.parse("""
                - source_labels: [cluster]
                  regex: (?P<region>[a-z]+)(\\d)
                  target_label: region
                  replacement: ${region}-$2$$
                - action: labeldrop
                  regex: cluster
                """);
        Map<String, String> l = new HashMap<>(Map.of("cluster", "eu1"));
        assertThat(r.process(l)).isTrue();
        assertThat(l).isEqualTo(Map.of("region", "eu-1$"));
    }

    @Test
    void invalidConfigsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> BlockRelabel.parse("- action: shard")).hasMessageContaining("unknown relabel action");
        assertThatThrownBy(() -> BlockRelabel.parse("- action: hashmod\n  target_label: x")).hasMessageContaining("modulus");
        assertThatThrownBy(() -> BlockRelabel.parse("- action: keep\n  regex: '('")).hasMessageContaining("invalid relabel regex");
    }
}
