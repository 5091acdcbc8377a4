package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The API over two replica stores behind a proxy, JSON compared byte for byte. */
class PrometheusApiTest {
    private static final long T0 = 1_700_000_000_000L;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PrometheusApi api = api();

    private PrometheusApi api() {
        List<StoreClient> clients = List.of(replica("a"), replica("b"));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        ApiSettings settings = new ApiSettings(o -> new StoreQueryable(proxy, XorChunkDecoder.INSTANCE, o),
                EngineOptions.DEFAULT, QueryOptions.defaults(List.of("replica")), false,
                Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC));
        StatusInfo info = new StatusInfo("0.1.0", "abc", "query", "me", "20260101", "25", Map.of("query.timeout", "2m"),
                Instant.ofEpochMilli(T0));
        return new PrometheusApi(settings, info, List::of, 2, registry);
    }

    private static StoreClient replica(String name) {
        InMemoryChunkQueryable data = new InMemoryChunkQueryable()
                .add(Labels.of("__name__", "up", "job", "api"), new long[] {T0, T0 + 15_000, T0 + 30_000},
                        new double[] {1, 0.5, Double.NaN}, 120)
                .add(Labels.of("__name__", "up", "job", "db<x>"), new long[] {T0}, new double[] {1e21}, 120);
        TsdbStore store = new TsdbStore(data, Labels.of("replica", name), ComponentType.STORE, () -> T0, () -> T0 + 30_000);
        return new StoreClient(name, store, store.info());
    }

    private ApiResponse get(String path, String... kv) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return api.handle(path, ApiRequest.get(params));
    }

    private static String body(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void instantQueryVectorIsDeduplicatedAndFormattedLikePrometheus() {
        ApiResponse r = get("/query", "query", "up", "time", "1700000015.5");
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\"},\"value\":[1700000015.500,\"0.5\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"db\\u003cx\\u003e\"},\"value\":[1700000015.500,\"1e+21\"]}]}}");
    }

    @Test
    void dedupOffKeepsReplicaLabels() {
        String b = body(get("/query", "query", "count(up)", "time", "1700000015", "dedup", "false"));
        assertThat(b).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{},\"value\":[1700000015,\"4\"]}]}}");
    }

    @Test
    void rangeQueryMatrixScalarAndStringResults() {
        String b = body(get("/query_range", "query", "up{job=\"api\"}", "start", "1700000000", "end", "1700000030", "step", "15s"));
        assertThat(b).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\"},\"values\":[[1700000000,\"1\"],[1700000015,\"0.5\"],[1700000030,\"NaN\"]]}]}}");
        assertThat(body(get("/query", "query", "-1/0", "time", "1700000000.001")))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.001,\"-Inf\"]}}");
        assertThat(body(get("/query", "query", "\"a\\tb\"", "time", "1")))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"a\\tb\"]}}");
    }

    @Test
    void badInputIsAnsweredLikePrometheus() {
        assertError(get("/query", "query", "sum(", "time", "1"), 400, "bad_data",
                "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
        assertError(get("/query", "query", "up", "time", "yesterday"), 400, "bad_data",
                "invalid parameter \"time\": invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp");
        assertError(get("/query_range", "query", "up", "start", "0", "end", "11001", "step", "1"), 400, "bad_data",
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        assertThat(get("/query_range", "query", "up", "start", "0", "end", "11000", "step", "1").status()).isEqualTo(200);
        assertError(get("/query_range", "query", "up", "start", "10", "end", "5", "step", "1"), 400, "bad_data",
                "invalid parameter \"end\": end timestamp must not be before start time");
        assertError(get("/query_range", "query", "up", "start", "0", "end", "5", "step", "0"), 400, "bad_data",
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertError(get("/query_range", "query", "up", "start", "0", "end", "5", "step", "x"), 400, "bad_data",
                "invalid parameter \"step\": cannot parse \"x\" to a valid duration");
        assertError(get("/query_range", "query", "up[5m]", "start", "0", "end", "5", "step", "1"), 400, "bad_data",
                "invalid parameter \"query\": invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
        assertError(get("/series"), 400, "bad_data", "no match[] parameter provided");
        // Prometheus names the parameter for series only; it and Thanos report the parser's message alone for
        // label names and values and for exemplars (checked against Prometheus 3.5)
        assertError(get("/series", "match[]", "bad{"), 400, "bad_data",
                "invalid parameter \"match[]\": 1:5: parse error: unexpected end of input inside braces");
        assertError(get("/labels", "match[]", "bad{"), 400, "bad_data", "1:5: parse error: unexpected end of input inside braces");
        assertError(get("/label/job/values", "match[]", "bad{"), 400, "bad_data",
                "1:5: parse error: unexpected end of input inside braces");
        assertError(get("/query_exemplars", "query", "bad{"), 400, "bad_data", "1:5: parse error: unexpected end of input inside braces");
        assertError(get("/labels", "limit", "-1"), 400, "bad_data", "invalid parameter \"limit\": limit must be non-negative");
        assertError(get("/query", "query", "up", "time", "1", "dedup", "maybe"), 400, "bad_data",
                "'dedup' parameter: strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertError(get("/query", "query", "up", "time", "1", "max_source_resolution", "-5m"), 400, "bad_data",
                "'max_source_resolution' parameter: cannot parse \"-5m\" to a valid duration");
        assertThat(get("/query", "query", "up", "time", "1", "unknown_param", "x").status()).isEqualTo(200);
        assertThat(get("/nope").status()).isEqualTo(404);
        assertThat(api.handle("/status/flags", new ApiRequest("POST", Map.of(), Map.of())).status()).isEqualTo(405);
    }

    private static void assertError(ApiResponse r, int status, String type, String message) {
        assertThat(r.status()).isEqualTo(status);
        JsonWriter w = new JsonWriter();
        w.beginObject().name("status").value("error").name("errorType").value(type).name("error").value(message).endObject();
        assertThat(body(r)).isEqualTo(w.toJson());
    }

    @Test
    void seriesLabelsAndLabelValuesWithLimits() {
        assertThat(body(get("/series", "match[]", "up", "match[]", "{job=\"api\"}", "start", "1700000000", "end", "1700000100")))
                .isEqualTo("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"api\"},"
                        + "{\"__name__\":\"up\",\"job\":\"db\\u003cx\\u003e\"}]}");
        assertThat(body(get("/labels"))).isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\"]}");
        assertThat(body(get("/labels", "dedup", "false"))).isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\",\"replica\"]}");
        assertThat(body(get("/label/job/values", "limit", "1")))
                .isEqualTo("{\"status\":\"success\",\"data\":[\"api\"],\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(body(get("/label/job/values", "match[]", "up{job=~\"d.*\"}")))
                .isEqualTo("{\"status\":\"success\",\"data\":[\"db\\u003cx\\u003e\"]}");
        assertThat(body(get("/label/nothing/values"))).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    @Test
    void statsFormatAstExemplarsMetadataAndGzip() throws Exception {
        String withStats = body(get("/query", "query", "up", "time", "1700000000", "stats", "all"));
        assertThat(withStats).contains("\"stats\":{\"timings\":{\"evalTotalTime\":")
                .contains("\"samples\":{\"totalQueryableSamplesPerStep\":[[1700000000,2]],\"totalQueryableSamples\":2,");
        assertThat(body(get("/query_range", "query", "up{job=\"api\"}", "start", "1700000000", "end", "1700000030",
                "step", "15s", "stats", "all")))
                .contains("\"totalQueryableSamplesPerStep\":[[1700000000,1],[1700000015,1],[1700000030,1]],\"totalQueryableSamples\":3,");
        assertThat(body(get("/query", "query", "up", "time", "1700000000", "stats", "true")))
                .contains("\"samples\":{\"totalQueryableSamples\":2,");
        assertThat(body(get("/format_query", "query", "sum by(job)(rate(x[5m]))")))
                .isEqualTo("{\"status\":\"success\",\"data\":\"sum by (job) (rate(x[5m]))\"}");
        assertThat(body(get("/parse_query", "query", "1"))).isEqualTo("{\"status\":\"success\",\"data\":{\"type\":\"numberLiteral\",\"val\":\"1\"}}");
        assertThat(body(get("/query_exemplars", "query", "up"))).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        assertThat(body(get("/metadata"))).isEqualTo("{\"status\":\"success\",\"data\":{}}");
        assertThat(body(get("/status/flags"))).isEqualTo("{\"status\":\"success\",\"data\":{\"query.timeout\":\"2m\"}}");

        ApiResponse gz = api.handle("/labels", new ApiRequest("GET", Map.of(), Map.of("accept-encoding", "gzip, deflate")));
        assertThat(gz.headers()).containsEntry("Content-Encoding", "gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\"]}");
        }
    }

    @Test
    void formPostParametersAndMetrics() {
        ApiRequest post = ApiRequest.of("POST", Map.of(), Map.of(), "application/x-www-form-urlencoded",
                "query=count%28up%29&time=1700000000".getBytes(StandardCharsets.UTF_8));
        assertThat(body(api.handle("/query", post)))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000,\"2\"]}]}}");
        assertThat(registry.find("http_request_duration_seconds").tag("handler", "query").timer().count()).isEqualTo(1);
        assertThat(registry.find("thanos_query_concurrent_queries").gauge().value()).isZero();
    }

    @Test
    void storesAreGroupedByComponentTypeAsThanosQueryEndpointStatus() {
        List<io.jthanos.query.endpoint.EndpointStatus> statuses = List.of(
                new io.jthanos.query.endpoint.EndpointStatus("10.0.0.2:10901", Instant.parse("2026-01-01T00:00:00.120Z"),
                        null, List.of(Labels.of("replica", "b")), T0, T0 + 30_000, ComponentType.STORE),
                new io.jthanos.query.endpoint.EndpointStatus("10.0.0.1:10901", Instant.parse("2026-01-01T00:00:01Z"),
                        "fetching info from 10.0.0.1:10901: unavailable", List.of(), Long.MIN_VALUE, Long.MAX_VALUE,
                        ComponentType.RECEIVE),
                new io.jthanos.query.endpoint.EndpointStatus("10.0.0.3:10901", Instant.parse("0001-01-01T00:00:00Z"),
                        "never answered", List.of(), Long.MIN_VALUE, Long.MAX_VALUE, null));
        PrometheusApi withStores = new PrometheusApi(new ApiSettings(o -> null, EngineOptions.DEFAULT,
                QueryOptions.defaults(List.of()), false, Clock.systemUTC()), new StatusInfo("0.1.0", "", "", "", "", "25",
                Map.of(), Instant.ofEpochMilli(T0)), () -> statuses, 1, new SimpleMeterRegistry());
        // The shape of Thanos's GET /api/v1/stores: map[component][]query.EndpointStatus, Go's JSON for time.Time.
        assertThat(body(withStores.handle("/stores", ApiRequest.get(Map.of())))).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"receive\":[{\"name\":\"10.0.0.1:10901\",\"lastCheck\":\"2026-01-01T00:00:01Z\","
                + "\"lastError\":\"fetching info from 10.0.0.1:10901: unavailable\",\"labelSets\":[],"
                + "\"minTime\":-9223372036854775808,\"maxTime\":9223372036854775807}],"
                + "\"store\":[{\"name\":\"10.0.0.2:10901\",\"lastCheck\":\"2026-01-01T00:00:00.12Z\",\"lastError\":null,"
                + "\"labelSets\":[{\"replica\":\"b\"}],\"minTime\":1700000000000,\"maxTime\":1700000030000}]}}");
    }
}
