package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.ModelDuration;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.VectorSelector;
import io.jthanos.ruler.rulefmt.RuleFile;
import io.jthanos.ruler.rulefmt.RuleFileParser;
import io.jthanos.ruler.testing.QuerierApiServer;
import io.jthanos.storage.Appender;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expectations of a {@code promtool test rules} file (which the real promtool passes) are met by
 * our rule groups evaluating the same input series through the query module's HTTP API.
 */
class PromtoolUnitTestEquivalenceTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheFiles() throws Exception {
        Path rules = copy("rules.yml");
        Path tests = copy("rules_test.yml");
        assertThat(run(Oracles.promtool().toString(), "check", "rules", rules.toString())).contains("SUCCESS: 3 rules found");
        assertThat(run(Oracles.promtool().toString(), "test", "rules", tests.toString())).contains("SUCCESS");
    }

    @Test
    void ourEvaluationMeetsTheUnitTestExpectations() throws Exception {
        Path rulesFile = copy("rules.yml");
        JsonNode spec = YAML.readTree(Files.readString(copy("rules_test.yml")));
        JsonNode test = spec.path("tests").get(0);
        long interval = ModelDuration.parse(test.path("interval").asText()).toMillis();
        long evalInterval = ModelDuration.parse(spec.path("evaluation_interval").asText()).toMillis();
        try (Tsdb db = Tsdb.open(dir.resolve("db"), TsdbOptions.defaults().withCompactionInterval(Duration.ZERO),
                new SimpleMeterRegistry()); QuerierApiServer querier = new QuerierApiServer(db)) {
            load(db, test.path("input_series"), interval);
            RuleFile file = RuleFileParser.parseFile(rulesFile);
            EvalSettings settings = new EvalSettings(new HttpQueryClient(() -> List.of(querier.address()), Duration.ofSeconds(30)),
                    db, db, new EvalContext(Labels.empty(), "", null), null, Duration.ofMinutes(1), Duration.ZERO,
                    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
            RuleManager manager = new RuleManager(settings, new RuleMetrics(new SimpleMeterRegistry()));
            List<Group> groups = manager.groups(List.of(file), false);
            Map<Long, List<JsonNode>> alertChecks = new TreeMap<>();
            long maxTime = 0;
            for (JsonNode check : test.path("alert_rule_test")) {
                long t = ModelDuration.parse(check.path("eval_time").asText()).toMillis();
                alertChecks.computeIfAbsent(t, k -> new ArrayList<>()).add(check);
                maxTime = Math.max(maxTime, t);
            }
            for (JsonNode check : test.path("promql_expr_test")) {
                maxTime = Math.max(maxTime, ModelDuration.parse(check.path("eval_time").asText()).toMillis());
            }
            int checked = 0;
            for (long ts = 0; ts <= maxTime; ts += evalInterval) {
                for (Group g : groups) {
                    g.evaluate(ts, settings, null);
                    for (EvalRule r : g.rules()) {
                        assertThat(r.lastError()).as("rule %s at %d", r.name(), ts).isEmpty();
                    }
                }
                for (JsonNode check : alertChecks.getOrDefault(ts, List.of())) {
                    assertThat(firing(groups, check.path("alertname").asText()))
                            .as("alert %s at %dms", check.path("alertname").asText(), ts)
                            .containsExactlyInAnyOrderElementsOf(expectedAlerts(check));
                    checked++;
                }
            }
            HttpQueryClient client = new HttpQueryClient(() -> List.of(querier.address()), Duration.ofSeconds(30));
            for (JsonNode check : test.path("promql_expr_test")) {
                long t = ModelDuration.parse(check.path("eval_time").asText()).toMillis();
                Map<Labels, Double> got = new HashMap<>();
                for (Sample s : client.query(check.path("expr").asText(), t, PartialResponseStrategy.ABORT)) {
                    got.put(s.labels(), s.value());
                }
                Map<Labels, Double> expected = new HashMap<>();
                for (JsonNode s : check.path("exp_samples")) {
                    expected.put(seriesLabels(s.path("labels").asText()), s.path("value").asDouble());
                }
                assertThat(got).as("%s at %dms", check.path("expr").asText(), t).isEqualTo(expected);
                checked++;
            }
            assertThat(checked).isEqualTo(9);
        }
    }

    private record AlertView(Map<String, String> labels, Map<String, String> annotations) {
    }

    private static List<AlertView> firing(List<Group> groups, String alertname) {
        List<AlertView> out = new ArrayList<>();
        for (Group g : groups) {
            for (EvalRule r : g.rules()) {
                if (r instanceof AlertingRule a && a.name().equals(alertname)) {
                    for (Alert alert : a.alerts()) {
                        if (alert.state() == AlertState.FIRING) {
                            out.add(new AlertView(alert.labels().toMap(), alert.annotations()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<AlertView> expectedAlerts(JsonNode check) {
        List<AlertView> out = new ArrayList<>();
        for (JsonNode a : check.path("exp_alerts")) {
            Map<String, String> labels = new TreeMap<>(YAML.convertValue(a.path("exp_labels"), Map.class));
            labels.put("alertname", check.path("alertname").asText());
            Map<String, String> annotations = a.has("exp_annotations")
                    ? YAML.convertValue(a.path("exp_annotations"), LinkedHashMap.class) : Map.of();
            out.add(new AlertView(labels, annotations));
        }
        return out;
    }

    /** Loads promtool's expanding notation: {@code a+bxN}, {@code a-bxN}, {@code axN}, {@code _}, plain values. */
    private static void load(Tsdb db, JsonNode series, long interval) throws Exception {
        Appender app = db.appender();
        for (JsonNode s : series) {
            Labels labels = seriesLabels(s.path("series").asText());
            long t = 0;
            for (String term : s.path("values").asText().trim().split("\\s+")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?[0-9.e]+)(?:([+-])([0-9.e]+))?x(\\d+)").matcher(term);
                if (term.equals("_")) {
                    t += interval;
                } else if (m.matches()) {
                    double start = Double.parseDouble(m.group(1));
                    double step = m.group(2) == null ? 0 : Double.parseDouble(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                    int n = Integer.parseInt(m.group(4));
                    for (int i = 0; i <= n; i++) {
                        app.append(0, labels, t, start + i * step);
                        t += interval;
                    }
                } else {
                    app.append(0, labels, t, Double.parseDouble(term));
                    t += interval;
                }
            }
        }
        app.commit();
    }

    private static Labels seriesLabels(String selector) {
        VectorSelector v = (VectorSelector) Parser.parse(selector);
        LabelsBuilder b = new LabelsBuilder();
        v.matchers().forEach(m -> b.set(m.name(), m.value()));
        return b.build();
    }

    private Path copy(String name) throws Exception {
        Path target = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/promtool/" + name)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

}
