package io.jthanos.cmd.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.query.endpoint.EndpointSet;
import io.jthanos.query.endpoint.EndpointSpec;
import io.jthanos.query.endpoint.GrpcEndpointConnector;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SeriesSet;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.gateway.BucketStore;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's proof: two {@code thanos rule} replicas differing only in {@code rule_replica} record
 * rule results that a querier reads through their StoreAPI (gRPC), then from the bucket after they
 * uploaded their blocks (store gateway), deduplicated by {@code rule_replica} to one series per
 * recording rule with the values of a single replica.
 */
class RuleReplicasQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What the fake source querier answers for {@code expr} evaluated at {@code seconds}. */
    static double sourceValue(String expr, long millis) {
        long base = Math.floorDiv(millis, 1000L) % 97;
        return expr.contains("count") ? 3 * base : base;
    }

    @Test
    void recordedSeriesAreQueryableFromTheRulersAndFromTheBucketAndDeduplicated() throws Exception {
        HttpServer source = fakeQuerier();
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: recordings
                    interval: 1s
                    rules:
                      - record: job:up:min
                        expr: min by (job) (up)
                      - record: job:up:count
                        expr: count by (job) (up)
                """);
        List<ComponentRunner> runners = new ArrayList<>();
        List<SignalActor> signals = new ArrayList<>();
        List<CompletableFuture<Throwable>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (S3ProxyServer s3 = S3ProxyServer.start();
                Bucket bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry())) {
            try {
                for (String replica : List.of("r1", "r2")) {
                    RuleSettings settings = new RuleSettings(List.of(rules.toString()), dir.resolve("data-" + replica),
                            Labels.of("cluster", "eu", "rule_replica", replica),
                            List.of("127.0.0.1:" + source.getAddress().getPort()), List.of(), List.of(), null,
                            Duration.ofSeconds(5), List.of(), "", Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1),
                            Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofHours(48),
                            s3.objstoreYaml(), "--objstore.config");
                    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
                    ComponentRunner runner = new ComponentRunner(new RuleComponent(settings),
                            new ServerSettings(any, Duration.ofSeconds(1), any, Duration.ofSeconds(1), Duration.ofMinutes(60)),
                            BuildInfo.current());
                    runners.add(runner);
                    runner.start();
                    SignalActor signal = new SignalActor();
                    runner.runGroup().add("signal", signal, signal);
                    signals.add(signal);
                    CompletableFuture<Throwable> result = new CompletableFuture<>();
                    Thread.ofPlatform().start(() -> {
                        try {
                            result.complete(runner.run());
                        } catch (Throwable t) {
                            result.completeExceptionally(t);
                        }
                    });
                    results.add(result);
                }

                // 1. through the rulers' StoreAPI, over gRPC endpoints as a querier connects to them
                List<EndpointSpec> specs = runners.stream()
                        .map(r -> new EndpointSpec("127.0.0.1:" + r.grpcAddress().getPort(), false)).toList();
                try (EndpointSet endpoints = new EndpointSet(() -> specs, new GrpcEndpointConnector(), Duration.ofSeconds(5),
                        Duration.ofMinutes(1), Clock.systemUTC(), new SimpleMeterRegistry())) {
                    endpoints.update();
                    assertThat(endpoints.storeClients()).hasSize(2);
                    ProxyStore proxy = new ProxyStore(endpoints::storeClients, Labels.empty(), ComponentType.QUERY,
                            Duration.ZERO);
                    long start = System.currentTimeMillis();
                    Map<Labels, List<double[]>> perReplica = awaitSamples(proxy, start, 5);
                    // refresh the endpoints' Info, as the querier does every few seconds: a ruler that had
                    // no samples yet at the first refresh announced an empty time range and is pruned until then
                    endpoints.update();
                    assertThat(endpoints.storeClients()).hasSize(2)
                            .allSatisfy(c -> assertThat(c.info().minTime()).isLessThan(System.currentTimeMillis()));

                    assertThat(perReplica.keySet()).containsExactlyInAnyOrder(
                            series("job:up:min", "r1"), series("job:up:count", "r1"),
                            series("job:up:min", "r2"), series("job:up:count", "r2"));
                    perReplica.forEach((labels, samples) -> samples.forEach(s -> assertThat(s[1])
                            .as("%s at %d", labels, (long) s[0]).isEqualTo(sourceValue(labels.metricName(), (long) s[0]))));

                    Map<Labels, List<double[]>> deduplicated = samples(proxy, true, 0, Long.MAX_VALUE);
                    assertThat(deduplicated.keySet()).as("one series per recording rule")
                            .containsExactlyInAnyOrder(deduped("job:up:min"), deduped("job:up:count"));
                    assertOnlySourceValues(deduplicated);

                    // the PromQL HTTP API over the same endpoints: one series per rule, the values of one replica
                    long end = System.currentTimeMillis() - 1000;
                    long from = end - 3000;
                    JsonNode dedup = queryRange(proxy, "job:up:min", true, from, end);
                    JsonNode r1 = queryRange(proxy, "job:up:min{rule_replica=\"r1\"}", false, from, end);
                    JsonNode raw = queryRange(proxy, "job:up:min", false, from, end);
                    assertThat(raw.size()).isEqualTo(2);
                    assertThat(dedup.size()).isEqualTo(1);
                    assertThat(dedup.get(0).path("metric").toString())
                            .isEqualTo("{\"__name__\":\"job:up:min\",\"cluster\":\"eu\",\"job\":\"a\"}");
                    assertThat(dedup.get(0).path("values")).isNotEmpty().isEqualTo(r1.get(0).path("values"));
                }

                // 2. from the bucket after upload, served by a store gateway
                Map<String, String> uploaded = awaitUploads(bucket);
                assertThat(uploaded.values()).contains("r1", "r2");
                for (String id : uploaded.keySet()) {
                    JsonNode meta = readJson(bucket, id + "/meta.json");
                    assertThat(meta.path("thanos").path("source").asText()).isEqualTo("ruler");
                    assertThat(meta.path("thanos").path("labels").path("cluster").asText()).isEqualTo("eu");
                    assertThat(meta.path("thanos").path("downsample").path("resolution").asLong()).isZero();
                }
                try (BucketStore gateway = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, pool, List.of()),
                        BucketStoreConfig.defaults(dir.resolve("store")), new SimpleMeterRegistry())) {
                    gateway.sync();
                    assertThat(gateway.blockIds()).containsAll(uploaded.keySet());
                    Map<Labels, List<double[]>> fromBucket = samples(gateway, false, 0, Long.MAX_VALUE);
                    assertThat(fromBucket.keySet()).containsExactlyInAnyOrder(
                            series("job:up:min", "r1"), series("job:up:count", "r1"),
                            series("job:up:min", "r2"), series("job:up:count", "r2"));
                    assertOnlySourceValues(fromBucket);

                    Map<Labels, List<double[]>> deduplicated = samples(gateway, true, 0, Long.MAX_VALUE);
                    assertThat(deduplicated.keySet()).containsExactlyInAnyOrder(deduped("job:up:min"), deduped("job:up:count"));
                    assertOnlySourceValues(deduplicated);
                    // within the time both replicas' blocks cover, the deduplicated series is one replica's
                    Labels r1 = series("job:up:min", "r1");
                    Labels r2 = series("job:up:min", "r2");
                    long from = Math.max(first(fromBucket, r1), first(fromBucket, r2));
                    long to = Math.min(last(fromBucket, r1), last(fromBucket, r2));
                    assertThat(to).isGreaterThan(from);
                    assertThat(timestamps(deduplicated.get(deduped("job:up:min")), from, to))
                            .isNotEmpty().isEqualTo(timestamps(fromBucket.get(r1), from, to));
                }
            } finally {
                // stop the rulers while S3 is still up
                signals.forEach(s -> s.signal("SIGTERM"));
                for (CompletableFuture<Throwable> r : results) {
                    assertThat(r.get(30, TimeUnit.SECONDS)).isNull();
                }
                runners.forEach(ComponentRunner::close);
            }
        } finally {
            pool.shutdownNow();
            source.stop(0);
        }
    }

    private static Labels series(String name, String replica) {
        return Labels.of("__name__", name, "cluster", "eu", "job", "a", "rule_replica", replica);
    }

    private static Labels deduped(String name) {
        return Labels.of("__name__", name, "cluster", "eu", "job", "a");
    }

    private static void assertOnlySourceValues(Map<Labels, List<double[]>> series) {
        series.forEach((labels, samples) -> {
            assertThat(samples).as("%s", labels).isNotEmpty();
            samples.forEach(s -> assertThat(s[1]).as("%s at %d", labels, (long) s[0])
                    .isEqualTo(sourceValue(labels.metricName(), (long) s[0])));
        });
    }

    private static long first(Map<Labels, List<double[]>> m, Labels l) {
        return (long) m.get(l).getFirst()[0];
    }

    private static long last(Map<Labels, List<double[]>> m, Labels l) {
        return (long) m.get(l).getLast()[0];
    }

    private static List<Long> timestamps(List<double[]> samples, long from, long to) {
        return samples.stream().map(s -> (long) s[0]).filter(t -> t >= from && t <= to).toList();
    }

    /** Waits until every series of the proxy has at least {@code n} samples after {@code since}. */
    private static Map<Labels, List<double[]>> awaitSamples(StoreApi store, long since, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<Labels, List<double[]>> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = samples(store, false, since, Long.MAX_VALUE);
            if (last.size() == 4 && last.values().stream().allMatch(s -> s.size() >= n)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rulers did not record enough samples: " + last.keySet());
    }

    /** All samples by series, read through a querier over {@code store}, deduplicating by rule_replica if asked. */
    private static Map<Labels, List<double[]>> samples(StoreApi store, boolean dedup, long minTime, long maxTime) {
        QueryOptions options = new QueryOptions(dedup, List.of("rule_replica"), QueryOptions.defaults(List.of()).dedupFunction(),
                false, 0);
        Map<Labels, List<double[]>> out = new TreeMap<>();
        try (Querier q = new StoreQueryable(store, XorChunkDecoder.INSTANCE, options).querier(minTime, maxTime)) {
            SeriesSet set = q.select(true, null, Matcher.regex("__name__", "job:.*"));
            while (set.next()) {
                List<double[]> samples = new ArrayList<>();
                SampleIterator it = set.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    if (it.atT() >= minTime) {
                        samples.add(new double[] {it.atT(), it.atF()});
                    }
                }
                out.put(set.at().labels(), samples);
            }
        }
        return out;
    }

    private static JsonNode queryRange(StoreApi store, String expr, boolean dedup, long fromMillis, long toMillis)
            throws Exception {
        ApiSettings settings = new ApiSettings(o -> new StoreQueryable(store, XorChunkDecoder.INSTANCE, o), EngineOptions.DEFAULT,
                QueryOptions.defaults(List.of("rule_replica")), false, Clock.systemUTC());
        PrometheusApi api = new PrometheusApi(settings, new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()),
                List::of, 4, new SimpleMeterRegistry());
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("query", List.of(expr));
        params.put("start", List.of(seconds(fromMillis)));
        params.put("end", List.of(seconds(toMillis)));
        params.put("step", List.of("1"));
        params.put("dedup", List.of(Boolean.toString(dedup)));
        ApiResponse r = api.handle("/query_range", ApiRequest.get(params));
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.status()).as(body.toString()).isEqualTo(200);
        return body.path("data").path("result");
    }

    private static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).toPlainString();
    }

    /**
     * Block ULID → rule_replica of the blocks with a meta.json in the bucket, once both replicas uploaded
     * blocks of the same two time ranges (so that the later one is complete in both).
     */
    private static Map<String, String> awaitUploads(Bucket bucket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        Map<String, String> found = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            found.clear();
            Map<String, java.util.Set<Long>> ranges = new TreeMap<>();
            for (String d : bucket.list("")) {
                String id = d.substring(0, d.length() - 1);
                if (bucket.exists(id + "/meta.json")) {
                    JsonNode meta = readJson(bucket, id + "/meta.json");
                    String replica = meta.path("thanos").path("labels").path("rule_replica").asText();
                    found.put(id, replica);
                    ranges.computeIfAbsent(replica, k -> new java.util.TreeSet<>()).add(meta.path("minTime").asLong());
                }
            }
            if (ranges.size() == 2) {
                java.util.Set<Long> common = new java.util.TreeSet<>(ranges.get("r1"));
                common.retainAll(ranges.getOrDefault("r2", java.util.Set.of()));
                if (common.size() >= 2) {
                    return found;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no blocks of the same time ranges from both replicas: " + found + "; bucket: "
                + bucket.list("", IterOption.RECURSIVE));
    }

    private static JsonNode readJson(Bucket bucket, String name) throws Exception {
        try (InputStream in = bucket.get(name)) {
            return JSON.readTree(in);
        }
    }

    /** A querier HTTP API answering every instant query with {@code {job="a"}} = {@link #sourceValue}. */
    private static HttpServer fakeQuerier() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            Map<String, List<String>> form = new LinkedHashMap<>();
            ApiRequest.parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), form);
            String time = form.get("time").getFirst();
            long millis = new java.math.BigDecimal(time).movePointRight(3).longValueExact();
            double v = sourceValue(form.get("query").getFirst(), millis);
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"a\"},"
                    + "\"value\":[" + time + ",\"" + v + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
