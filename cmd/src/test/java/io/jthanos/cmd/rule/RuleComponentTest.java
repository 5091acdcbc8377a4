package io.jthanos.cmd.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.model.Labels;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoRequest;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesGrpc;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.store.LimitedStoreApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thanos rule} in-process: evaluates against a querier, serves rules, alerts and Info, refuses a broken reload. */
class RuleComponentTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void evaluatesServesAndRefusesBrokenReload() throws Exception {
        HttpServer querier = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        querier.createContext("/api/v1/query", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String time = form.replaceAll(".*time=([0-9.]+).*", "$1");
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"a\"},"
                    + "\"value\":[" + time + ",\"0\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        querier.start();
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: g
                    interval: 1s
                    rules:
                      - record: job:up:min
                        expr: min by (job) (up)
                      - alert: JobDown
                        expr: job:up:min == 0
                        annotations:
                          summary: "{{ $labels.job }} is down"
                          queried: '{{ with query "up" }}{{ . | first | label "job" }} from the querier{{ end }}'
                """);
        RuleSettings settings = new RuleSettings(List.of(dir + "/*.yml"), dir.resolve("data"), Labels.of("rule_replica", "r1"),
                List.of("127.0.0.1:" + querier.getAddress().getPort()), List.of(), List.of(), null, Duration.ofSeconds(5),
                List.of(), "http://query:9090", Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofHours(48), null, null);
        try (Running ruler = Running.start(settings)) {
            ComponentRunner runner = ruler.runner;
            String base = ruler.base;
            String alerts = awaitBody(base + "/api/v1/alerts", b -> b.contains("\"state\":\"firing\""));
            assertThat(alerts).contains("\"alertname\":\"JobDown\"", "\"summary\":\"a is down\"", "\"value\":\"0e+00\"",
                    "\"queried\":\"a from the querier\"");
            String rulesJson = awaitBody(base + "/api/v1/rules?type=record", b -> b.contains("\"health\":\"ok\""));
            assertThat(rulesJson).contains("\"name\":\"job:up:min\"", "\"type\":\"recording\"").doesNotContain("JobDown");

            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", runner.grpcAddress().getPort())
                    .usePlaintext().build();
            try {
                InfoResponse info = InfoGrpc.newBlockingStub(channel).info(InfoRequest.getDefaultInstance());
                assertThat(info.getLabelSetsList()).singleElement().satisfies(set ->
                        assertThat(set.getLabelsList()).singleElement().satisfies(l -> {
                            assertThat(l.getName()).isEqualTo("rule_replica");
                            assertThat(l.getValue()).isEqualTo("r1");
                        }));
                assertThat(info.hasRules()).as("the Rules API is announced").isTrue();
                List<RuleGroup> groups = new ArrayList<>();
                RulesGrpc.newBlockingStub(channel).rules(RulesRequest.newBuilder().setType(RulesRequest.Type.RECORD).build())
                        .forEachRemaining(r -> groups.add(r.getGroup()));
                assertThat(groups).singleElement().satisfies(g -> assertThat(g.getRulesList()).singleElement().satisfies(r -> {
                    assertThat(r.getRecording().getName()).isEqualTo("job:up:min");
                    assertThat(r.getRecording().getLabels().getLabelsList()).as("with the external labels")
                            .extracting(l -> l.getName() + "=" + l.getValue()).containsExactly("rule_replica=r1");
                }));
            } finally {
                channel.shutdownNow();
            }

            Files.writeString(rules, "groups:\n  - name: g\n    rules:\n      - record: x\n        expr: sum(\n");
            HttpResponse<String> reload = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reload.statusCode()).isEqualTo(500);
            assertThat(reload.body()).startsWith("failed to reload config: " + rules + ": 5:15: group \"g\", rule 1, \"x\": "
                    + "could not parse expression: ");
            assertThat(awaitBody(base + "/api/v1/rules", b -> true)).as("the old rules keep running").contains("JobDown");
            String metrics = awaitBody(base + "/metrics", b -> true);
            assertThat(metrics).contains("prometheus_rule_evaluations_total{rule_group=\"" + rules + ";g\"}");

            ruler.stopCleanly();
        } finally {
            querier.stop(0);
        }
    }

    @Test
    void aRoutePrefixMovesTheApiAndReloadAsInThanosButNotTheProbes() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), "groups:\n  - name: g\n    rules:\n      - record: x\n        expr: vector(1)\n");
        String deadQuery;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            deadQuery = "127.0.0.1:" + socket.getLocalPort();
        }
        RuleSettings settings = new RuleSettings(List.of(dir + "/*.yml"), dir.resolve("data"), Labels.of("rule_replica", "r1"),
                List.of(deadQuery), List.of(), List.of(), null, Duration.ofSeconds(5), List.of(), "", Duration.ofMinutes(1),
                Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofHours(2),
                Duration.ofHours(48), null, null, null, List.of(), "/ruler", LimitedStoreApi.Limits.NONE);
        try (Running ruler = Running.start(settings)) {
            ComponentRunner runner = ruler.runner;
            String base = ruler.base;
            assertThat(awaitBody(base + "/ruler/api/v1/rules", b -> b.contains("\"name\":\"x\""))).contains("\"name\":\"x\"");
            assertThat(status(base + "/api/v1/rules", "GET")).isEqualTo(404);
            assertThat(status(base + "/ruler/-/reload", "POST")).isEqualTo(200);
            assertThat(status(base + "/-/reload", "POST")).isEqualTo(404);
            assertThat(status(base + "/-/healthy", "GET")).isEqualTo(200);
            assertThat(status(base + "/metrics", "GET")).isEqualTo(200);

            ruler.stopCleanly();
        }
    }

    /** A ruler serving on loopback until {@link #stopCleanly()} or close. */
    private static final class Running implements AutoCloseable {
        final ComponentRunner runner;
        final String base;
        private final SignalActor signals = new SignalActor();
        private final CompletableFuture<Throwable> result = new CompletableFuture<>();

        private Running(ComponentRunner runner) {
            this.runner = runner;
            this.base = "http://127.0.0.1:" + runner.httpAddress().getPort();
        }

        static Running start(RuleSettings settings) throws Exception {
            InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            ComponentRunner runner = new ComponentRunner(new RuleComponent(settings),
                    new ServerSettings(any, Duration.ofSeconds(2), any, Duration.ofSeconds(2), Duration.ofMinutes(60)),
                    BuildInfo.current());
            runner.start();
            Running r = new Running(runner);
            runner.runGroup().add("signal", r.signals, r.signals);
            Thread.ofPlatform().start(() -> {
                try {
                    r.result.complete(runner.run());
                } catch (Throwable t) {
                    r.result.completeExceptionally(t);
                }
            });
            return r;
        }

        /** SIGTERM, then the run ends without an error. */
        void stopCleanly() throws Exception {
            signals.signal("SIGTERM");
            assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
        }

        @Override
        public void close() {
            runner.close();
        }
    }

    private static int status(String url, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String awaitBody(String url, java.util.function.Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String body = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200 && ok.test(body)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never matched; last body: " + body);
    }
}
