package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.ruler.rulefmt.RuleFileException;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.tsdb.Tsdb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleReloaderTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            groups:
              - name: g
                interval: 1s
                rules:
                  - alert: Down
                    expr: up == 0
                    for: 1h
                    annotations:
                      summary: "{{ $labels.instance }} down"
            """;

    @Test
    void brokenReloadIsRefusedAndAlertStateSurvivesGoodReloads() throws Exception {
        Path file = dir.resolve("rules").resolve("a.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, RULES);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Tsdb db = Tsdb.open(dir.resolve("db"))) {
            EvalSettings settings = new EvalSettings(
                    (expr, t, s) -> List.of(new Sample(Labels.of("__name__", "up", "instance", "a"), t, 0)), db, db,
                    new EvalContext(Labels.empty(), "", null), null, Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
            try (RuleManager manager = new RuleManager(settings, new RuleMetrics(registry))) {
                RuleReloader reloader = new RuleReloader(List.of(dir.resolve("rules") + "/*.yml"), manager, registry);
                reloader.reload();
                Group before = manager.groups().getFirst();
                awaitEvaluation(before, 0);
                long activeAt = ((AlertingRule) before.rules().getFirst()).alerts().getFirst().activeAt();

                Files.writeString(file, RULES.replace("up == 0", "up == "));
                assertThatThrownBy(reloader::reload).isInstanceOf(RuleFileException.class)
                        .hasMessageStartingWith(file + ": 6:15: group \"g\", rule 1, \"Down\": could not parse expression: ");
                assertThat(manager.groups()).containsExactly(before);
                long last = before.lastEvaluation();
                awaitEvaluation(before, last);
                assertThat(registry.get("thanos_rule_config_last_reload_successful").gauge().value()).isZero();

                Files.writeString(file, RULES.replace("down\"", "is down\""));
                reloader.reload();
                Group after = manager.groups().getFirst();
                assertThat(after).isNotSameAs(before);
                AlertingRule rule = (AlertingRule) after.rules().getFirst();
                assertThat(rule.alerts()).hasSize(1);
                assertThat(rule.alerts().getFirst().activeAt()).as("the pending alert keeps its start").isEqualTo(activeAt);
                awaitEvaluation(after, after.lastEvaluation());
                assertThat(rule.alerts().getFirst().annotations()).containsEntry("summary", "a is down");
                assertThat(rule.state()).isEqualTo(AlertState.PENDING);
                assertThat(rule.holdMillis()).isEqualTo(3_600_000);
                assertThat(after.strategy()).isEqualTo(PartialResponseStrategy.ABORT);
                assertThat(rule.health()).isEqualTo(RuleHealth.OK);
                assertThat(registry.get("prometheus_rule_evaluations_total").counter().count()).isGreaterThanOrEqualTo(3);
            }
        }
    }

    private static void awaitEvaluation(Group g, long after) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.lastEvaluation() <= after) {
            assertThat(System.nanoTime()).as("group evaluated again").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
