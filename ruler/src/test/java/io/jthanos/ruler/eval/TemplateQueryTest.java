package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.ruler.testing.QuerierApiServer;
import io.jthanos.storage.Appender;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.tsdb.Tsdb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code query} template function runs through the rules' query client, at the evaluation time, with the group's strategy. */
class TemplateQueryTest {
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private record Call(String expr, long time, PartialResponseStrategy strategy) {}

    @Test
    void alertTemplatesQueryTheQuerierAtTheEvaluationTime() throws Exception {
        try (Tsdb db = Tsdb.open(dir.resolve("source")); QuerierApiServer querier = new QuerierApiServer(db);
                Tsdb rulerDb = Tsdb.open(dir.resolve("ruler"))) {
            Appender app = db.appender();
            for (long t = 0; t <= 10 * MINUTE; t += 15_000) {
                app.append(0, Labels.of("__name__", "up", "instance", "a"), t, 0);
                // b is up only during the last minute: visible at the evaluation time, not at the query time
                if (t > 9 * MINUTE) {
                    app.append(0, Labels.of("__name__", "up", "instance", "b"), t, 1);
                }
                app.append(0, Labels.of("__name__", "capacity"), t, t / 1000.0);
            }
            app.commit();
            HttpQueryClient http = new HttpQueryClient(() -> List.of(querier.address()), Duration.ofSeconds(30));
            List<Call> calls = new CopyOnWriteArrayList<>();
            QueryClient recording = (expr, time, strategy) -> {
                calls.add(new Call(expr, time, strategy));
                return http.query(expr, time, strategy);
            };
            EvalSettings settings = new EvalSettings(recording, rulerDb, rulerDb,
                    new EvalContext(Labels.empty(), "", recording), null, Duration.ofMinutes(1), Duration.ZERO,
                    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
            AlertingRule rule = new AlertingRule("InstanceDown", "up == 0", 0, 0, Labels.empty(), Map.of(
                    "up", "{{ range query \"up == 1\" }}{{ label \"instance\" . }} {{ end }}",
                    "capacity", "{{ with query \"capacity\" }}{{ . | first | value | humanize }}{{ end }}",
                    "broken", "{{ query \"up ==\" }}"), true);
            Group group = new Group("rules.yml", "g", MINUTE, MINUTE, 0, PartialResponseStrategy.WARN, List.of(rule));

            group.evaluate(10 * MINUTE, settings, null);

            assertThat(rule.lastError()).isEmpty();
            Alert alert = rule.alerts().getFirst();
            assertThat(alert.labels()).isEqualTo(Labels.of("alertname", "InstanceDown", "instance", "a"));
            assertThat(alert.annotations()).containsEntry("up", "b ").containsEntry("capacity", "600");
            assertThat(alert.annotations().get("broken")).startsWith("<error expanding template: ")
                    .contains("error calling query: ");
            assertThat(calls).contains(
                    new Call("up == 0", 9 * MINUTE, PartialResponseStrategy.WARN),
                    new Call("up == 1", 10 * MINUTE, PartialResponseStrategy.WARN),
                    new Call("capacity", 10 * MINUTE, PartialResponseStrategy.WARN));
        }
    }

    @Test
    void withoutAQueryClientTheQueryFunctionFails() {
        EvalContext ctx = new EvalContext(Labels.empty(), "", null);
        assertThat(ctx.templateQuery(0, PartialResponseStrategy.ABORT)).isNull();
        String out = io.jthanos.ruler.template.AlertTemplate.expand("A", "{{ query \"up\" }}", Labels.empty(), Labels.empty(), "", 0,
                ctx.templateQuery(0, PartialResponseStrategy.ABORT));
        assertThat(out).startsWith("<error expanding template: ").contains("query is not available");
    }
}
