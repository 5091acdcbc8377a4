package io.jthanos.ruler.rulefmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.ModelDuration;
import io.jthanos.store.PartialResponseStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {

    @Test
    void parsesEveryField() throws RuleFileException {
        RuleFile f = RuleFileParser.parse("r.yml", """
                groups:
                  - name: g
                    interval: 30s
                    query_offset: 1m
                    limit: 10
                    partial_response_strategy: warn
                    labels:
                      team: infra
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                        labels:
                          source: rule
                      - alert: InstanceDown
                        expr: up == 0
                        for: 5m
                        keep_firing_for: 1m
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.instance }} down"
                  - name: h
                    rules: []
                """);
        assertThat(f.groups()).hasSize(2);
        RuleGroup g = f.groups().getFirst();
        assertThat(g.name()).isEqualTo("g");
        assertThat(g.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.queryOffset()).isEqualTo(Duration.ofMinutes(1));
        assertThat(g.limit()).isEqualTo(10);
        assertThat(g.partialResponseStrategy()).isEqualTo(PartialResponseStrategy.WARN);
        assertThat(g.labels()).isEqualTo(Map.of("team", "infra"));
        assertThat(g.rules()).hasSize(2);
        Rule alert = g.rules().get(1);
        assertThat(alert.isAlerting()).isTrue();
        assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(alert.keepFiringFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alert.annotations()).containsEntry("summary", "{{ $labels.instance }} down");
        RuleGroup h = f.groups().get(1);
        assertThat(h.interval()).isEqualTo(Duration.ZERO);
        assertThat(h.queryOffset()).isNull();
        assertThat(h.partialResponseStrategy()).isEqualTo(PartialResponseStrategy.ABORT);
    }

    @Test
    void emptyFileHasNoGroups() throws RuleFileException {
        assertThat(RuleFileParser.parse("e.yml", "").groups()).isEmpty();
    }

    @Test
    void badStrategyIsRefused() {
        assertThatThrownBy(() -> RuleFileParser.parse("s.yml", """
                groups:
                  - name: g
                    partial_response_strategy: maybe
                    rules: []
                """)).isInstanceOf(RuleFileException.class)
                .hasMessage("s.yml: group \"g\": invalid partial_response_strategy \"maybe\"; want warn or abort");
    }

    @Test
    void durations() {
        assertThat(ModelDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ModelDuration.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(ModelDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(ModelDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(ModelDuration.format(Duration.ZERO)).isEqualTo("0s");
        for (List<String> c : List.of(List.of("1x", "unknown unit \"x\" in duration \"1x\""),
                List.of("1m1h", "not a valid duration string: \"1m1h\""), List.of("", "empty duration string"),
                List.of("h", "not a valid duration string: \"h\""))) {
            assertThatThrownBy(() -> ModelDuration.parse(c.get(0))).hasMessage(c.get(1));
        }
    }
}
