package io.jthanos.query.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jthanos.model.Labels;
import io.jthanos.promql.differential.ApiCompatibilityCorpus;
import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.GoTestQueries;
import io.jthanos.promql.differential.PrometheusProcess;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.query.endpoint.EndpointSet;
import io.jthanos.query.endpoint.EndpointSpec;
import io.jthanos.query.endpoint.GrpcEndpointConnector;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.testing.LoopbackStore;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.Block;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same promtool-built blocks served by Prometheus 3.5 and by our querier (each block a TsdbStore behind
 * gRPC on loopback, discovered by the endpoint set, fanned in by the proxy): every endpoint's JSON must be
 * equal after sorting where Prometheus leaves the order undefined, error responses included; promtool's
 * query commands must print the same against both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private final List<AutoCloseable> closers = new ArrayList<>();
    private PrometheusProcess prometheus;
    private String promUrl;
    private String ourUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> mismatches = new ArrayList<>();
    private int compared;

    @BeforeAll
    void start() throws Exception {
        Path promtool = Oracles.promtool();
        Path prometheusBin = Oracles.prometheus();
        Path om = dir.resolve("data.om");
        Files.writeString(om, ApiCompatibilityCorpus.openMetrics(true));
        Path blocks = dir.resolve("blocks");
        run(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), blocks.toString());
        Path promData = dir.resolve("prom");
        DifferentialBlocks.copy(blocks, promData);
        try {
            prometheus = PrometheusProcess.start(prometheusBin, promData, dir, List.of("--enable-feature=promql-per-step-stats"));
            promUrl = prometheus.url().toString();
            startQuerier(blocks);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private void startQuerier(Path blocks) throws Exception {
        List<EndpointSpec> specs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(blocks)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Block b = Block.open(d);
                closers.add(b);
                TsdbStore store = new TsdbStore(b, Labels.empty(), ComponentType.STORE, () -> b.meta().minTime(),
                        () -> b.meta().maxTime() - 1);
                LoopbackStore server = new LoopbackStore(store);
                closers.add(server);
                specs.add(new EndpointSpec(server.address(), false));
            }
        }
        assertThat(specs).as("promtool made several 2h blocks").hasSizeGreaterThan(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EndpointSet endpoints = new EndpointSet(() -> specs, new GrpcEndpointConnector(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Clock.systemUTC(), registry);
        closers.add(endpoints);
        endpoints.update();
        assertThat(endpoints.storeClients()).hasSize(specs.size());
        ProxyStore proxy = new ProxyStore(endpoints::storeClients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        ApiSettings settings = new ApiSettings(o -> new StoreQueryable(proxy, XorChunkDecoder.INSTANCE, o),
                EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false, Clock.systemUTC());
        PrometheusApi api = new PrometheusApi(settings, new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()),
                endpoints::statuses, 4, registry);
        ApiHttpServer server = new ApiHttpServer(api);
        closers.add(server);
        ourUrl = server.url();
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    @Test
    void everyEndpointAnswersLikePrometheus() throws Exception {
        List<String> instants = List.of("1700003600", "1700010807.5", "1700018600", "2023-11-14T23:13:20Z");
        List<String> exprs = List.of("http_requests_total", "rate(http_requests_total[5m])",
                "sum by (job) (rate(http_requests_total[5m]))", "topk(3, http_requests_total)", "sort_desc(temperature)",
                "temperature > 20", "temperature[2m]", "scalar(sum(temperature))", "\"hello\"", "1/0", "-1/0", "0/0",
                "absent(nope)", "count_over_time(temperature[1h])", "label_replace(temperature, \"x\", \"$1\", \"room\", \"(.*)\")",
                "weird", "rate(temperature[5m])", "avg_over_time(temperature[30m])", "max by (instance) (http_requests_total)",
                "http_requests_total offset 1h", "temperature @ 1700003600", "increase(http_requests_total{job=\"db\"}[1h])",
                "vector(time())", "temperature * on(room) group_left temperature", "quantile(0.3, temperature)");
        for (String t : instants) {
            for (String e : exprs) {
                compare("/api/v1/query", "query", e, "time", t);
            }
        }
        for (String e : List.of("rate(http_requests_total[5m])", "sum(temperature)", "temperature", "1",
                "sum by (code) (increase(http_requests_total[10m]))", "weird")) {
            compare("/api/v1/query_range", "query", e, "start", "1700000000", "end", "1700018000", "step", "60");
            compare("/api/v1/query_range", "query", e, "start", "1700003000.123", "end", "1700006600", "step", "7");
        }
        comparePost("/api/v1/query_range", "query", "sum(temperature)", "start", "1700000000", "end", "1700003600", "step", "15s");

        // stats: the queryable-sample counts, per step with stats=all, equal Prometheus's (timings and peak
        // samples are removed before comparing: wall times, and a figure of each engine's evaluation order).
        for (String e : List.of("temperature", "rate(http_requests_total[5m])", "sum by (job) (increase(http_requests_total[10m]))",
                "temperature * on(room) group_left temperature", "count_over_time(temperature[1h])",
                "max_over_time(temperature[10m:1m])", "temperature @ 1700003600", "timestamp(temperature)",
                "rate(temperature[5m] @ 1700003600)", "vector(1)")) {
            compare("/api/v1/query_range", "query", e, "start", "1700000000", "end", "1700007200", "step", "300", "stats", "all");
            compare("/api/v1/query_range", "query", e, "start", "1700003000.123", "end", "1700006600", "step", "97", "stats", "all");
            compare("/api/v1/query", "query", e, "time", "1700010807.5", "stats", "all");
            compare("/api/v1/query", "query", e, "time", "1700003600", "stats", "1");
        }
        compare("/api/v1/query", "query", "temperature[2m]", "time", "1700003600", "stats", "all");
        compare("/api/v1/query", "query", "temperature[10m:1m]", "time", "1700003600", "stats", "all");
        comparePost("/api/v1/query", "query", "temperature", "time", "1700001000");

        compare("/api/v1/series", "match[]", "http_requests_total{code=\"500\"}", "match[]", "{room=~\"k.*\"}");
        compare("/api/v1/series", "match[]", "weird", "start", "1700000000", "end", "1700020000");
        compare("/api/v1/series", "match[]", "temperature", "limit", "2");
        compare("/api/v1/labels");
        compare("/api/v1/labels", "match[]", "temperature", "start", "1700000000", "end", "1700003600");
        compare("/api/v1/labels", "limit", "2");
        for (String name : List.of("__name__", "job", "room", "path", "nothing")) {
            compare("/api/v1/label/" + name + "/values");
        }
        compare("/api/v1/label/room/values", "match[]", "temperature{room!=\"attic\"}");
        compare("/api/v1/label/__name__/values", "limit", "1");
        compare("/api/v1/query_exemplars", "query", "temperature", "start", "1700000000", "end", "1700003600");
        compare("/api/v1/metadata");
        for (String q : List.of("sum by(job)(rate(x[5m]))", "a + on(b) group_left(c) d", "-x offset 5m",
                "x[5m:1m] @ start()", "topk(3, y)", "\"s\"",
                // the lexer's duration-expression state and its way back to the statement state
                "foo[5m x]", "foo[ 5m:1m]", "foo[5m:1m:1m]", "foo[5m:step()]", "foo[:5m]", "foo[5m", "foo[5m:", "foo[(5m)]",
                "foo[5m] offset 1m", "rate(foo[5m])[10m:]", "foo[1h30m]")) {
            compare("/api/v1/format_query", "query", q);
            compare("/api/v1/parse_query", "query", q);
        }

        // Bad input: each must be rejected exactly as Prometheus rejects it, never with a 500.
        compare("/api/v1/query", "query", "sum(", "time", "1700000000");
        compare("/api/v1/query", "query", "up{", "time", "1700000000");
        compare("/api/v1/query", "query", "", "time", "1700000000");
        compare("/api/v1/query", "query", "temperature", "time", "yesterday");
        compare("/api/v1/query", "query", "rate(temperature)", "time", "1700000000");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000000", "end", "1700011001", "step", "1");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000000", "end", "1700011000", "step", "1");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000100", "end", "1700000000", "step", "1");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000000", "end", "1700000100", "step", "0");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000000", "end", "1700000100", "step", "-1");
        compare("/api/v1/query_range", "query", "temperature", "start", "1700000000", "end", "1700000100", "step", "abc");
        compare("/api/v1/query_range", "query", "temperature", "start", "x", "end", "1700000100", "step", "1");
        compare("/api/v1/query_range", "query", "temperature", "end", "1700000100", "step", "1");
        compare("/api/v1/query_range", "query", "temperature[5m]", "start", "1700000000", "end", "1700000100", "step", "1");
        compare("/api/v1/series");
        compare("/api/v1/series", "match[]", "{}");
        compare("/api/v1/series", "match[]", "up{");
        compare("/api/v1/labels", "match[]", "up{");
        compare("/api/v1/labels", "match[]", "{}");
        compare("/api/v1/label/room/values", "match[]", "up{");
        compare("/api/v1/query_exemplars", "query", "up{");
        compare("/api/v1/query_exemplars", "query", "");
        compare("/api/v1/labels", "limit", "x");
        compare("/api/v1/labels", "limit", "-1");
        compare("/api/v1/labels", "start", "nope");
        compare("/api/v1/query", "query", "temperature", "time", "1700000000", "unknown", "param");

        System.out.println("HTTP API compatibility: " + (compared - mismatches.size()) + "/" + compared + " responses identical");
        assertThat(mismatches).as("responses that differ from Prometheus 3.5").isEmpty();
    }

    /**
     * Every query of Prometheus's own parser tests ({@code parse_test.go}, {@code printer_test.go},
     * {@code prettier_test.go}, fetched with the oracles): {@code format_query} and {@code parse_query} answer
     * as Prometheus does, both for queries that parse and for the errors of those that do not.
     */
    @Test
    void prometheusParserTestQueriesFormatAndParseLikePrometheus() throws Exception {
        Path tests = Oracles.promqlParserTests();
        java.util.Set<String> queries = new java.util.LinkedHashSet<>();
        queries.addAll(GoTestQueries.extract(tests.resolve("parse_test.go"), "input"));
        queries.addAll(GoTestQueries.extract(tests.resolve("printer_test.go"), "in"));
        queries.addAll(GoTestQueries.extract(tests.resolve("prettier_test.go"), "in"));
        assertThat(queries).as("queries found in Prometheus's parser tests").hasSizeGreaterThan(400);
        int before = mismatches.size();
        int comparedBefore = compared;
        for (String q : queries) {
            compare("/api/v1/format_query", "query", q);
            compare("/api/v1/parse_query", "query", q);
        }
        List<String> found = new ArrayList<>(mismatches.subList(before, mismatches.size()));
        mismatches.subList(before, mismatches.size()).clear(); // reported here, not by the other tests
        System.out.println("Parser test queries: " + (compared - comparedBefore - found.size()) + "/" + (compared - comparedBefore)
                + " responses identical");
        assertThat(found).as("format_query/parse_query responses that differ from Prometheus 3.5").isEmpty();
    }

    @Test
    void promtoolQueriesOurQuerierLikePrometheus() throws Exception {
        Path promtool = Oracles.promtool();
        List<List<String>> commands = List.of(
                List.of("query", "instant", "--time=1700003600", "URL", "sum by (job) (http_requests_total)"),
                List.of("query", "range", "--start=1700000000", "--end=1700003600", "--step=5m", "URL", "temperature"),
                List.of("query", "series", "--match=temperature", "--match=weird", "--start=1700000000", "--end=1700018000", "URL"),
                List.of("query", "labels", "--start=1700000000", "--end=1700018000", "URL", "room"));
        for (List<String> c : commands) {
            String ours = run(replaceUrl(promtool, c, ourUrl));
            String theirs = run(replaceUrl(promtool, c, promUrl));
            assertThat(ours).as(String.join(" ", c)).isNotBlank().isEqualTo(theirs);
        }
    }

    private static String[] replaceUrl(Path promtool, List<String> c, String url) {
        List<String> out = new ArrayList<>();
        out.add(promtool.toString());
        for (String s : c) {
            out.add(s.equals("URL") ? url : s);
        }
        return out.toArray(String[]::new);
    }

    private void compare(String path, String... kv) throws Exception {
        String q = form(kv);
        String uri = path + (q.isEmpty() ? "" : "?" + q);
        check("GET " + uri, send(HttpRequest.newBuilder(URI.create(promUrl + uri)).build(), path, kv),
                send(HttpRequest.newBuilder(URI.create(ourUrl + uri)).build(), path, kv));
    }

    private void comparePost(String path, String... kv) throws Exception {
        String q = form(kv);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(q);
        check("POST " + path + " " + q,
                send(HttpRequest.newBuilder(URI.create(promUrl + path)).header("Content-Type", "application/x-www-form-urlencoded").POST(body).build(), path, kv),
                send(HttpRequest.newBuilder(URI.create(ourUrl + path)).header("Content-Type", "application/x-www-form-urlencoded").POST(body).build(), path, kv));
    }

    private void check(String what, String theirs, String ours) {
        compared++;
        if (!theirs.equals(ours)) {
            mismatches.add(what + "\n  prometheus: " + abbreviate(theirs) + "\n  jthanos:    " + abbreviate(ours));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    /** Status code and body, normalised: arrays whose order Prometheus leaves undefined are sorted. */
    private String send(HttpRequest request, String path, String... kv) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return r.statusCode() + " " + r.body();
        }
        String query = "";
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals("query")) {
                query = kv[i + 1];
            }
        }
        boolean ordered = query.startsWith("topk") || query.startsWith("sort");
        if (body instanceof ObjectNode o) {
            if (o.path("data").path("stats") instanceof ObjectNode stats) {
                stats.remove("timings");
                if (stats.get("samples") instanceof ObjectNode samples) {
                    samples.remove("peakSamples");
                }
            }
            sortStrings(o.get("warnings"));
            sortStrings(o.get("infos"));
            JsonNode data = o.get("data");
            if (data instanceof ObjectNode d && d.get("result") instanceof ArrayNode result
                    && (d.path("resultType").asText().equals("matrix") || !ordered)
                    && !d.path("resultType").asText().equals("scalar") && !d.path("resultType").asText().equals("string")) {
                sortBy(result, n -> n.get("metric").toString());
            } else if (data instanceof ArrayNode a && path.endsWith("/series")) {
                sortBy(a, JsonNode::toString);
            }
        }
        return r.statusCode() + " " + JSON.writeValueAsString(body);
    }

    private static void sortStrings(JsonNode n) {
        if (n instanceof ArrayNode a) {
            sortBy(a, JsonNode::asText);
        }
    }

    private static void sortBy(ArrayNode a, java.util.function.Function<JsonNode, String> key) {
        List<JsonNode> items = new ArrayList<>();
        a.forEach(items::add);
        items.sort(Comparator.comparing(key));
        a.removeAll();
        items.forEach(a::add);
    }

    private static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private String run(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
        } finally {
            p.destroyForcibly();
        }
        String s = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + s);
        }
        return s;
    }
}
