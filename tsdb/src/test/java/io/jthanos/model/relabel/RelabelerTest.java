package io.jthanos.model.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelabelerTest {
    private static Labels relabel(String yaml, Labels in) {
        return Relabeler.process(in, RelabelConfig.parseList(yaml, "test"));
    }

    @Test
    void defaultsAreThoseOfPrometheus() {
        RelabelConfig c = RelabelConfig.parseList("- target_label: x\n", "t").getFirst();
        assertThat(c.action()).isEqualTo(RelabelConfig.Action.REPLACE);
        assertThat(c.separator()).isEqualTo(";");
        assertThat(c.regexText()).isEqualTo("(.*)");
        assertThat(c.replacement()).isEqualTo("$1");
        assertThat(RelabelConfig.parseList(null, "t")).isEmpty();
        assertThat(RelabelConfig.parseList("  \n", "t")).isEmpty();
    }

    @Test
    void keepAndDropJoinSourceLabelsWithTheSeparator() {
        String rules = """
                - action: keep
                  source_labels: [cluster]
                  regex: eu.*
                - action: drop
                  source_labels: [cluster, env]
                  regex: eu2;dev
                """;
        assertThat(relabel(rules, Labels.of("cluster", "eu1", "env", "dev"))).isEqualTo(Labels.of("cluster", "eu1", "env", "dev"));
        assertThat(relabel(rules, Labels.of("cluster", "us1"))).isNull();
        assertThat(relabel(rules, Labels.of("cluster", "eu2", "env", "dev"))).isNull();
        assertThat(relabel(rules, Labels.of("cluster", "eu2", "env", "prod"))).isNotNull();
    }

    @Test
    void regexIsAnchoredAndDotMatchesNewlineAsInPrometheus() {
        assertThat(relabel("- action: keep\n  source_labels: [a]\n  regex: b\n", Labels.of("a", "abc"))).isNull();
        assertThat(relabel("- action: keep\n  source_labels: [a]\n  regex: a.c\n", Labels.of("a", "a\nc"))).isNotNull();
    }

    @Test
    void keepequalAndDropequalCompareWithTheTarget() {
        Labels same = Labels.of("a", "1", "b", "1");
        Labels differ = Labels.of("a", "1", "b", "2");
        String keep = "- action: keepequal\n  source_labels: [a]\n  target_label: b\n";
        String drop = "- action: dropequal\n  source_labels: [a]\n  target_label: b\n";
        assertThat(relabel(keep, same)).isNotNull();
        assertThat(relabel(keep, differ)).isNull();
        assertThat(relabel(drop, same)).isNull();
        assertThat(relabel(drop, differ)).isNotNull();
    }

    @Test
    void hashmodUsesTheTailOfTheMd5AsPrometheusDoes() {
        // md5("a") = 0cc175b9c0f1b6a8 31c399e269772661.
        assertThat(Relabeler.sum64("a")).isEqualTo(0x31c399e269772661L);
        Labels out = relabel("- action: hashmod\n  source_labels: [a]\n  target_label: s\n  modulus: 1000\n", Labels.of("a", "a"));
        assertThat(out.get("s")).isEqualTo(Long.toUnsignedString(Long.remainderUnsigned(0x31c399e269772661L, 1000)));
    }

    @Test
    void replaceExpandsGoTemplatesAndDeletesOnEmptyResult() {
        Labels out = relabel("""
                - source_labels: [cluster]
                  regex: (?P<region>[a-z]+)(\\d)
                  target_label: region
                  replacement: ${region}-$2$$
                - action: labeldrop
                  regex: cluster
                """, Labels.of("cluster", "eu1"));
        assertThat(out).isEqualTo(Labels.of("region", "eu-1$"));
        assertThat(relabel("- source_labels: [x]\n  target_label: a\n", Labels.of("a", "1", "b", "2"))).isEqualTo(Labels.of("b", "2"));
        // an invalid target label name leaves the set alone
        assertThat(relabel("- source_labels: [a]\n  target_label: 0bad\n", Labels.of("a", "1"))).isEqualTo(Labels.of("a", "1"));
    }

    @Test
    void labelActionsWorkOnNames() {
        Labels in = Labels.of("__meta_x", "1", "__meta_y", "2", "keep", "3");
        assertThat(relabel("- action: labelmap\n  regex: __meta_(.*)\n", in))
                .isEqualTo(Labels.of("__meta_x", "1", "__meta_y", "2", "keep", "3", "x", "1", "y", "2"));
        assertThat(relabel("- action: labeldrop\n  regex: __meta_.*\n", in)).isEqualTo(Labels.of("keep", "3"));
        assertThat(relabel("- action: labelkeep\n  regex: __meta_x\n", in)).isEqualTo(Labels.of("__meta_x", "1"));
    }

    @Test
    void caseActionsSetTheTarget() {
        Labels in = Labels.of("a", "MiXed");
        assertThat(relabel("- action: lowercase\n  source_labels: [a]\n  target_label: l\n", in).get("l")).isEqualTo("mixed");
        assertThat(relabel("- action: uppercase\n  source_labels: [a]\n  target_label: u\n", in).get("u")).isEqualTo("MIXED");
    }

    @Test
    void keepsNeedsALabelLeft() {
        List<RelabelConfig> dropAll = RelabelConfig.parseList("- action: labeldrop\n  regex: .*\n", "t");
        assertThat(Relabeler.keeps(Labels.of("a", "b"), dropAll)).isFalse();
        assertThat(Relabeler.keeps(Labels.of("a", "b"), List.of())).isTrue();
    }

    @Test
    void invalidConfigsAreRejectedWithTheirPositionAndReason() {
        assertThatThrownBy(() -> RelabelConfig.parseList("- action: shard", "sel.yml"))
                .hasMessageContaining("sel.yml rule 0").hasMessageContaining("unknown relabel action \"shard\"");
        assertThatThrownBy(() -> RelabelConfig.parseList("- target_label: a\n- action: hashmod\n  target_label: x", "sel.yml"))
                .hasMessageContaining("sel.yml rule 1").hasMessageContaining("non-zero modulus");
        assertThatThrownBy(() -> RelabelConfig.parseList("- action: keep\n  regex: '('", "t")).hasMessageContaining("invalid relabel regex");
        assertThatThrownBy(() -> RelabelConfig.parseList("- action: lowercase\n  source_labels: [a]", "t"))
                .hasMessageContaining("requires 'target_label'");
        assertThatThrownBy(() -> RelabelConfig.parseList("a: b", "t")).hasMessageContaining("must be a YAML list");
    }

    @Test
    void expandFollowsGoRegexpExpand() {
        var m = Relabeler.anchored("(?P<first>a)(b)?").matcher("a");
        assertThat(m.matches()).isTrue();
        assertThat(Relabeler.expand("$first-${1}-$2-$9-$nope-$$-${", m)).isEqualTo("a-a----$-${");
    }
}
