package io.jthanos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.model.Labels;
import io.jthanos.proto.rulespb.Alert;
import io.jthanos.proto.rulespb.AlertInstance;
import io.jthanos.proto.rulespb.AlertState;
import io.jthanos.proto.rulespb.RecordingRule;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.query.endpoint.EndpointSet;
import io.jthanos.query.endpoint.EndpointSpec;
import io.jthanos.query.endpoint.GrpcEndpointConnector;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The querier side of the Rules API over real gRPC on loopback: endpoints are taken as rules endpoints only when
 * their Info announces {@code rules}; two replicas' groups are merged and deduplicated by the replica label; an
 * unreachable endpoint is a warning under partial response and an error without.
 */
class RulesProxyGrpcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> closers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    @Test
    void discoversRulersByInfoAndDeduplicatesReplicas() throws Exception {
        String a = serve(true, ruler("a", AlertState.FIRING, 1_000), Labels.of("rule_replica", "a"));
        String b = serve(true, ruler("b", AlertState.PENDING, 2_000), Labels.of("rule_replica", "b"));
        String store = serve(false, request -> { throw new AssertionError("not a rules endpoint"); }, Labels.empty());
        EndpointSet endpoints = endpoints(a, b, store);

        assertThat(endpoints.rulesEndpoints()).extracting(RulesEndpoint::name).containsExactlyInAnyOrder(a, b);
        RulesProxy proxy = new RulesProxy(endpoints::rulesEndpoints);
        RulesHttpApi api = new RulesHttpApi(proxy, proxy, List.of("rule_replica"), true);

        RulesHttpApi.Response rules = api.rules(Map.of());
        assertThat(rules.status()).isEqualTo(200);
        JsonNode groups = JSON.readTree(rules.body()).at("/data/groups");
        assertThat(groups).hasSize(1);
        JsonNode group = groups.get(0);
        assertThat(group.get("name").asText()).isEqualTo("g");
        assertThat(group.get("rules")).hasSize(2);
        JsonNode alert = group.get("rules").get(0);
        assertThat(alert.get("type").asText()).isEqualTo("alerting");
        assertThat(alert.get("state").asText()).as("the most critical replica wins").isEqualTo("firing");
        assertThat(alert.get("labels").toString()).isEqualTo("{\"severity\":\"page\"}");
        assertThat(alert.at("/alerts/0/labels/rule_replica").asText()).as("instances keep their labels").isEqualTo("a");
        JsonNode recording = group.get("rules").get(1);
        assertThat(recording.get("type").asText()).isEqualTo("recording");
        assertThat(recording.get("lastEvaluation").asText()).as("the latest evaluation wins").isEqualTo("1970-01-01T00:00:02Z");
        assertThat(recording.has("labels")).as("empty after dedup, omitted as Prometheus does").isFalse();

        JsonNode recordOnly = JSON.readTree(api.rules(Map.of("type", List.of("record"))).body()).at("/data/groups/0/rules");
        assertThat(recordOnly).hasSize(1);
        assertThat(recordOnly.get(0).get("name").asText()).isEqualTo("job:up:sum");
        assertThat(JSON.readTree(api.rules(Map.of("type", List.of("ALL"))).body()).at("/data/groups/0/rules")).hasSize(2);
        assertThat(JSON.readTree(api.rules(Map.of("rule_name[]", List.of("nope"))).body()).at("/data/groups")).isEmpty();
        assertThat(JSON.readTree(api.rules(Map.of("match[]", List.of("{severity=\"page\"}"))).body())
                .at("/data/groups/0/rules")).singleElement().satisfies(r -> assertThat(r.get("name").asText()).isEqualTo("Down"));
        RulesHttpApi.Response badMatch = api.rules(Map.of("match[]", List.of("sum(up)")));
        assertThat(badMatch.status()).isEqualTo(400);
        assertThat(JSON.readTree(badMatch.body()).get("error").asText()).isEqualTo(
                "invalid parameter \"match[]\": 1:1: parse error: unexpected expression, expected a series selector");
        RulesHttpApi.Response bad = api.rules(Map.of("type", List.of("bogus")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(new String(bad.body())).contains("\"errorType\":\"bad_data\"", "invalid rules parameter type='bogus'");

        JsonNode alerts = JSON.readTree(api.alerts().body()).at("/data/alerts");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("state").asText()).isEqualTo("firing");
        assertThat(alerts.get(0).get("value").asText()).isEqualTo("1e+00");
        assertThat(alerts.get(0).get("activeAt").asText()).isEqualTo("1970-01-01T00:00:00.5Z");
    }

    @Test
    void unreachableRulerIsAWarningUnderPartialResponseAndAnErrorWithout() throws Exception {
        String a = serve(true, ruler("a", AlertState.FIRING, 1_000), Labels.of("rule_replica", "a"));
        RulesSource dead = new GrpcRulesClient(io.grpc.ManagedChannelBuilder.forTarget(deadAddress()).usePlaintext().build(),
                "dead", Duration.ofSeconds(5));
        EndpointSet endpoints = endpoints(a);
        RulesProxy proxy = new RulesProxy(() -> {
            List<RulesEndpoint> all = new ArrayList<>(endpoints.rulesEndpoints());
            all.add(new RulesEndpoint("dead", dead));
            return all;
        });

        JsonNode warned = JSON.readTree(new RulesHttpApi(proxy, proxy, List.of(), true).rules(Map.of()).body());
        assertThat(warned.at("/data/groups")).hasSize(1);
        assertThat(warned.at("/warnings/0").asText()).startsWith("fetching rules from rules client dead: UNAVAILABLE");

        RulesHttpApi.Response failed = new RulesHttpApi(proxy, proxy, List.of(), false).rules(Map.of());
        assertThat(failed.status()).isEqualTo(500);
        assertThat(new String(failed.body())).contains("\"errorType\":\"internal\"",
                "error retrieving rules: fetching rules from rules client dead: UNAVAILABLE");
    }

    /** A ruler's answer: group g with an alerting rule in {@code state} and a recording rule, evaluated at {@code lastMillis}. */
    private static RulesSource ruler(String replica, AlertState state, long lastMillis) {
        Labels replicaLabel = Labels.of("rule_replica", replica);
        AlertInstance instance = AlertInstance.newBuilder()
                .setLabels(RuleProtos.labelSet(Labels.of("alertname", "Down", "rule_replica", replica)))
                .setState(state).setActiveAt(RuleProtos.timestamp(500)).setValue(RuleProtos.alertValue(1)).build();
        Rule alert = Rule.newBuilder().setAlert(Alert.newBuilder().setName("Down").setQuery("up == 0").setState(state)
                .setLabels(RuleProtos.labelSet(Labels.of("severity", "page", "rule_replica", replica))).setHealth("ok")
                .setLastEvaluation(RuleProtos.timestamp(lastMillis)).addAlerts(instance)).build();
        Rule recording = Rule.newBuilder().setRecording(RecordingRule.newBuilder().setName("job:up:sum").setQuery("sum(up)")
                .setLabels(RuleProtos.labelSet(replicaLabel)).setHealth("ok")
                .setLastEvaluation(RuleProtos.timestamp(lastMillis))).build();
        RuleGroup group = RuleGroup.newBuilder().setName("g").setFile("/rules/r.yml").setInterval(1)
                .setLastEvaluation(RuleProtos.timestamp(lastMillis)).addRules(recording).addRules(alert).build();
        return request -> new RulesResult(RulesFilter.of(request).apply(List.of(group)), List.of());
    }

    /** Serves Info (announcing rules or not) and, when announcing, {@code rules} over gRPC; returns the address. */
    private String serve(boolean announce, RulesSource rules, Labels externalLabels) throws IOException {
        StoreApi store = new TsdbStore(new InMemoryChunkQueryable(), externalLabels, ComponentType.RULE, () -> 0, () -> 1);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        if (announce) {
            b.addService(new InfoWithRules(store)).addService(new RulesGrpcService(rules));
        } else {
            b.addService(new InfoGrpcService(store));
        }
        Server server = b.build().start();
        closers.add(server::shutdownNow);
        return "127.0.0.1:" + server.getPort();
    }

    private EndpointSet endpoints(String... addresses) {
        List<EndpointSpec> specs = new ArrayList<>();
        for (String a : addresses) {
            specs.add(new EndpointSpec(a, false));
        }
        EndpointSet set = new EndpointSet(() -> specs, new GrpcEndpointConnector(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Clock.systemUTC(), new SimpleMeterRegistry());
        closers.add(set);
        set.update();
        return set;
    }

    private static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }
}
