package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rules API end to end, as processes on loopback: two {@code thanos rule} replicas ({@code rule_replica="a"},
 * {@code "b"}) evaluating one rule file through a {@code thanos query} that lists them as endpoints, and a
 * Prometheus 3.5 evaluating the same file as the oracle. The querier finds the rulers' Rules API through their
 * Info, and its {@code /api/v1/rules} (all, {@code type=alert}, {@code type=record}) and {@code /api/v1/alerts}
 * must equal a ruler's own endpoints and Prometheus's, once the replica label is removed, and volatile fields
 * (evaluation times, {@code activeAt}) and Thanos's {@code partialResponseStrategy} are left out. A second querier
 * over the first finds the rules through the first one's Info and answers the same; with one ruler stopped, the
 * querier still answers the same rules.
 */
class RulesE2EIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sorted as the Thanos querier sorts: groups by file and name, alerting rules before recording, by name. */
    private static final String RULES = """
            groups:
              - name: a-alerts
                interval: 1s
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1) > 0
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.severity }}: value {{ $value }}"
                  - alert: PendingLong
                    expr: vector(2) > 1
                    for: 1h
                    annotations:
                      summary: "pending {{ $value | humanize }}"
              - name: b-records
                interval: 1s
                rules:
                  - record: job:one
                    expr: vector(1)
                  - record: job:two
                    expr: vector(2)
                    labels:
                      team: infra
            """;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void querierProxiesTheRulersRulesAndAlertsLikeThanosAndPrometheus() throws Exception {
        E2eEnv env = E2eEnv.require();
        ProcessSet.withProcesses("rules", processes -> run(env, processes));
    }

    private void run(E2eEnv env, ProcessSet processes) throws Exception {
        Path ruleFile = Files.writeString(tmp.resolve("rules.yml"), RULES);
        String prometheus = FreePorts.address();
        env.startPrometheus(processes, prometheus, tmp.resolve("prometheus"),
                "global:\n  evaluation_interval: 1s\nrule_files: [" + ruleFile + "]\n");
        String queryHttp = FreePorts.address();
        String queryGrpc = FreePorts.address();
        String[] rulerHttp = {FreePorts.address(), FreePorts.address()};
        String[] rulerGrpc = {FreePorts.address(), FreePorts.address()};
        processes.start("query", env.thanos(List.of("query", "--http-address=" + queryHttp,
                "--grpc-address=" + queryGrpc, "--query.replica-label=rule_replica",
                "--endpoint=" + rulerGrpc[0], "--endpoint=" + rulerGrpc[1])));
        // A querier over the querier: it finds the Rules API through the first querier's Info.
        String stackedHttp = FreePorts.address();
        processes.start("query-stacked", env.thanos(List.of("query", "--http-address=" + stackedHttp,
                "--grpc-address=" + FreePorts.address(), "--query.replica-label=rule_replica", "--endpoint=" + queryGrpc)));
        String[] replicas = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            processes.start("rule-" + replicas[i], env.thanos(List.of("rule", "--http-address=" + rulerHttp[i],
                    "--grpc-address=" + rulerGrpc[i], "--data-dir=" + tmp.resolve("rule-" + replicas[i]),
                    "--rule-file=" + ruleFile, "--query=" + queryHttp, "--eval-interval=1s",
                    "--label=rule_replica=\"" + replicas[i] + "\"")));
        }
        String query = "http://" + queryHttp;
        String ruler = "http://" + rulerHttp[0];
        String oracle = "http://" + prometheus;
        String stacked = "http://" + stackedHttp;
        for (String base : List.of(query, ruler, "http://" + rulerHttp[1], stacked)) {
            E2eEnv.awaitReady(base);
        }
        // Both rulers must be in the querier's endpoint set: either one alone answers every rule (the replicas are
        // identical), so the answers below cannot tell, but the check with replica b stopped needs replica a.
        E2eEnv.await(Duration.ofSeconds(60), "both rulers healthy endpoints of the querier",
                () -> healthyEndpoints(query).containsAll(List.of(rulerGrpc)));
        for (String base : List.of(query, ruler, oracle, stacked)) {
            E2eEnv.await(Duration.ofSeconds(60), "all rules evaluated and both alerts active at " + base,
                    () -> allEvaluated(base));
        }

        for (String params : List.of("", "?type=alert", "?type=record")) {
            JsonNode fromQuerier = normalized(query + "/api/v1/rules" + params);
            assertThat(fromQuerier).as("querier vs ruler: rules" + params).isEqualTo(normalized(ruler + "/api/v1/rules" + params));
            assertThat(fromQuerier).as("querier vs Prometheus: rules" + params).isEqualTo(normalized(oracle + "/api/v1/rules" + params));
            assertThat(normalized(stacked + "/api/v1/rules" + params)).as("stacked querier: rules" + params).isEqualTo(fromQuerier);
        }
        JsonNode alerts = normalized(query + "/api/v1/alerts");
        assertThat(alerts.at("/data/alerts")).hasSize(2);
        assertThat(alerts).as("querier vs ruler: alerts").isEqualTo(normalized(ruler + "/api/v1/alerts"));
        assertThat(alerts).as("querier vs Prometheus: alerts").isEqualTo(normalized(oracle + "/api/v1/alerts"));

        JsonNode raw = JSON.readTree(PromApi.get(query + "/api/v1/rules?type=alert").body());
        assertThat(raw.at("/data/groups/0/rules/0/alerts/0/labels/rule_replica").asText())
                .as("alert instances keep the replica's external labels").isIn("a", "b");
        assertThat(raw.at("/data/groups/0/rules/0/labels").has("rule_replica")).as("rules are deduplicated without it").isFalse();
        assertThat(raw.at("/data/groups/0/partialResponseStrategy").asText()).isEqualTo("ABORT");
        PromApi.HttpResult bad = PromApi.get(query + "/api/v1/rules?type=bogus");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid rules parameter type='bogus'");

        // One replica gone: the other one's rules still answer (a warning at most, under partial response).
        JsonNode before = normalized(query + "/api/v1/rules").get("data");
        assertThat(processes.stop("rule-b")).isZero();
        assertThat(normalized(query + "/api/v1/rules").get("data")).as("rules with replica b stopped").isEqualTo(before);
    }

    /** The endpoints the querier at {@code base} lists in {@code /api/v1/stores} whose last check succeeded. */
    private static Set<String> healthyEndpoints(String base) throws Exception {
        Set<String> out = new HashSet<>();
        for (JsonNode type : JSON.readTree(PromApi.get(base + "/api/v1/stores").body()).get("data")) {
            for (JsonNode e : type) {
                if (e.get("lastError").isNull()) {
                    out.add(e.get("name").asText());
                }
            }
        }
        return out;
    }

    private static boolean allEvaluated(String base) throws Exception {
        PromApi.HttpResult r = PromApi.get(base + "/api/v1/rules");
        if (r.status() != 200) {
            return false;
        }
        int rules = 0;
        int alerts = 0;
        for (JsonNode g : JSON.readTree(r.body()).at("/data/groups")) {
            for (JsonNode rule : g.get("rules")) {
                if (!rule.get("health").asText().equals("ok")) {
                    return false;
                }
                rules++;
                alerts += rule.has("alerts") ? rule.get("alerts").size() : 0;
            }
        }
        return rules == 4 && alerts == 2;
    }

    /** The response without evaluation times, {@code activeAt}, {@code partialResponseStrategy} and {@code rule_replica}. */
    private static JsonNode normalized(String url) throws Exception {
        PromApi.HttpResult r = PromApi.get(url);
        assertThat(r.status()).as(url).isEqualTo(200);
        JsonNode root = JSON.readTree(r.body());
        strip(root);
        return root;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("evaluationTime", "lastEvaluation", "activeAt", "partialResponseStrategy"));
            // A recording rule left without labels by the removal has none, as Prometheus writes it.
            if (o.get("labels") instanceof ObjectNode labels && labels.remove("rule_replica") != null && labels.isEmpty()
                    && "recording".equals(o.path("type").asText())) {
                o.remove("labels");
            }
        }
        for (JsonNode child : node) {
            strip(child);
        }
    }
}
