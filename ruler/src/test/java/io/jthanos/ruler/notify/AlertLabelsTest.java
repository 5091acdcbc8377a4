package io.jthanos.ruler.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.relabel.RelabelConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labels an alert is sent with: external labels, {@code --alert.label-drop}, then {@code --alert.relabel-config}. */
class AlertLabelsTest {
    private static final Labels EXTERNAL = Labels.of("rule_replica", "r1", "cluster", "eu");

    @Test
    void externalLabelsAreAddedThenDropLabelsRemoved() {
        assertThat(AlertNotifier.labelsToSend(Labels.of("alertname", "A", "cluster", "us"), EXTERNAL,
                List.of("rule_replica"), List.of()))
                .isEqualTo(Labels.of("alertname", "A", "cluster", "eu"));
    }

    @Test
    void relabelRulesSeeTheResultAndCanDropTheAlert() {
        List<RelabelConfig> rules = RelabelConfig.parseList("""
                - source_labels: [severity]
                  regex: info
                  action: drop
                - source_labels: [cluster]
                  target_label: region
                  replacement: europe-$1
                - regex: rule_replica
                  action: labeldrop
                """, "--alert.relabel-config");
        assertThat(AlertNotifier.labelsToSend(Labels.of("alertname", "A", "severity", "page"), EXTERNAL, List.of(), rules))
                .isEqualTo(Labels.of("alertname", "A", "cluster", "eu", "region", "europe-eu", "severity", "page"));
        assertThat(AlertNotifier.labelsToSend(Labels.of("alertname", "B", "severity", "info"), EXTERNAL, List.of(), rules))
                .isNull();
    }
}
