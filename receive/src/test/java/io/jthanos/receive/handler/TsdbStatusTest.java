package io.jthanos.receive.handler;

import static io.jthanos.receive.testing.Series.body;
import static io.jthanos.receive.testing.Series.labels;
import static io.jthanos.receive.testing.Series.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.testing.Oracles;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/status/tsdb} of the receiver: Thanos's parameters, and Prometheus's numbers for the same series. */
class TsdbStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Series with distinct counts everywhere, so that every top list has one right answer. */
    private static byte[] sample() {
        List<TimeSeries> series = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            series.add(of(labels("__name__", "http_requests_total", "code", i < 4 ? "200" : "500", "pod", "pod-" + i),
                    1000, i, 16000, i + 1, 31000, i + 2));
        }
        for (int i = 0; i < 3; i++) {
            series.add(of(labels("__name__", "up", "pod", "pod-" + i, "zone", "europe-west-" + "abcdefghij".charAt(i)),
                    2000, 1));
        }
        series.add(of(labels("__name__", "build_info", "revision", "x".repeat(300), "version", "3.5.3"), 5000, 1));
        return body(series.toArray(TimeSeries[]::new));
    }

    private static JsonNode status(TsdbStatusHandler h, Map<String, String> headers, Map<String, String> params) throws Exception {
        TsdbStatusHandler.Response r = h.handle(headers::get, params::get);
        JsonNode n = JSON.readTree(r.body());
        ((ObjectNode) n).put("code", r.status());
        return n;
    }

    @Test
    void tenantsLimitsAndErrorsAsThanos() throws Exception {
        try (ReceiveFixture rx = new ReceiveFixture(dir, "default-tenant")) {
            assertThat(rx.post(sample(), "THANOS-TENANT", "team-a").status()).isEqualTo(200);
            assertThat(rx.post(body(of(labels("__name__", "up", "pod", "p"), 1000, 1))).status()).isEqualTo(200);
            TsdbStatusHandler h = new TsdbStatusHandler(rx.storage, "THANOS-TENANT", "default-tenant");

            JsonNode a = status(h, Map.of("THANOS-TENANT", "team-a"), Map.of("limit", "2"));
            assertThat(a.get("code").asInt()).isEqualTo(200);
            assertThat(a.get("data")).hasSize(1);
            JsonNode teamA = a.get("data").get(0);
            assertThat(teamA.get("tenant").asText()).isEqualTo("team-a");
            assertThat(teamA.get("headStats").toString()).isEqualTo(
                    "{\"numSeries\":10,\"numLabelPairs\":16,\"chunkCount\":10,\"minTime\":1000,\"maxTime\":31000}");
            assertThat(teamA.get("seriesCountByMetricName").toString())
                    .isEqualTo("[{\"name\":\"http_requests_total\",\"value\":6},{\"name\":\"up\",\"value\":3}]");
            assertThat(teamA.get("labelValueCountByLabelName").toString())
                    .isEqualTo("[{\"name\":\"pod\",\"value\":6},{\"name\":\"__name__\",\"value\":3}]");
            assertThat(teamA.get("seriesCountByLabelValuePair").toString()).isEqualTo(
                    "[{\"name\":\"__name__=http_requests_total\",\"value\":6},{\"name\":\"code=200\",\"value\":4}]");
            // revision: (1 + 8) + (4 + 300) bytes for its one series
            assertThat(teamA.get("memoryInBytesByLabelName").get(0).toString()).isEqualTo("{\"name\":\"revision\",\"value\":313}");

            JsonNode byDefault = status(h, Map.of(), Map.of());
            assertThat(byDefault.get("data")).hasSize(1);
            assertThat(byDefault.get("data").get(0).get("tenant").asText()).isEqualTo("default-tenant");
            assertThat(byDefault.get("data").get(0).get("seriesCountByLabelValuePair")).hasSize(2);

            JsonNode all = status(h, Map.of(), Map.of("all_tenants", "true"));
            assertThat(all.get("data").findValuesAsText("tenant")).containsExactly("default-tenant", "team-a");
            assertThat(all.get("data").get(1).get("seriesCountByLabelValuePair")).hasSize(TsdbStatusHandler.DEFAULT_LIMIT);

            assertThat(status(h, Map.of("THANOS-TENANT", "nobody"), Map.of()).get("data")).isEmpty();

            JsonNode both = status(h, Map.of("THANOS-TENANT", "team-a"), Map.of("all_tenants", "true"));
            assertThat(both.get("code").asInt()).isEqualTo(400);
            assertThat(both.toString()).contains("\"errorType\":\"bad_data\"").contains(
                    "using both the all_tenants parameter and the THANOS-TENANT header is not supported");
            JsonNode badLimit = status(h, Map.of(), Map.of("limit", "ten"));
            assertThat(badLimit.get("code").asInt()).isEqualTo(400);
            assertThat(badLimit.get("error").asText())
                    .isEqualTo("unable to parse 'limit' parameter: strconv.ParseInt: parsing \"ten\": invalid syntax");
        }
    }

    /** The same remote-write request into Prometheus 3.5 and into the receiver: the same stats. */
    @Test
    void statsEqualPrometheusForTheSameSeries() throws Exception {
        Path prometheus = Oracles.prometheus();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prom"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        try (ReceiveFixture rx = new ReceiveFixture(dir.resolve("rx"), "default-tenant")) {
            waitReady(http, base, p);
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sample())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
            assertThat(rx.post(sample()).status()).isEqualTo(200);
            TsdbStatusHandler ours = new TsdbStatusHandler(rx.storage, "THANOS-TENANT", "default-tenant");
            for (String limit : List.of("3", "100")) {
                JsonNode theirs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status/tsdb?limit=" + limit))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).get("data");
                JsonNode mine = status(ours, Map.of(), Map.of("limit", limit)).get("data").get(0);
                ((ObjectNode) mine).remove("tenant");
                assertThat(normalised(mine)).as("limit " + limit).isEqualTo(normalised(theirs));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Lists sorted by value, then name: Prometheus leaves the order of equal values to its map's iteration. */
    private static String normalised(JsonNode status) {
        ObjectNode n = status.deepCopy();
        n.fieldNames().forEachRemaining(f -> {
            if (n.get(f) instanceof ArrayNode a) {
                List<JsonNode> items = new ArrayList<>();
                a.forEach(items::add);
                items.sort(Comparator.<JsonNode>comparingLong(i -> -i.get("value").asLong()).thenComparing(i -> i.get("name").asText()));
                a.removeAll();
                items.forEach(a::add);
            }
        });
        return n.toString();
    }

    private static void waitReady(HttpClient http, String base, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("prometheus exited").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready");
    }
}
