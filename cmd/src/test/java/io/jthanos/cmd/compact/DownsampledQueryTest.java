package io.jthanos.cmd.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.compact.BucketBlocks;
import io.jthanos.compact.downsample.BlockDownsampler;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.store.gateway.BucketStore;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockChunkQuerier;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import io.jthanos.tsdb.tool.OpenMetricsBlockImporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's querier side of downsampling, end to end: a 48 h raw block, its 5m block and its 1h block (made by
 * the compactor's downsampler) in one bucket, served by a store gateway over real gRPC, queried through the
 * Prometheus HTTP API with {@code max_source_resolution} {@code 0s}, {@code 5m}, {@code 1h} and {@code auto}.
 *
 * <p>The documented tolerance of downsampled answers against the raw ones, over 4 h ranges of a counter that grows
 * by 0..10 every 30 s with three resets and a noisy sine gauge, evaluated every hour over 38 h (measured worst case
 * in brackets): {@code rate}/{@code increase} within 2 % at 5m (1.3 %) and 6 % at 1h (4.5 %), as Prometheus's
 * extrapolation sees 48 or 4 points instead of 480 and the worst steps are those with a reset;
 * {@code avg_over_time}/{@code sum_over_time} within 0.2 % (0.06 %) and {@code min_over_time}/{@code max_over_time}
 * within 1 % (0.76 %), because the window at the range's start covers samples just outside it.
 * {@code count_over_time} counts aggregated windows, as in Thanos, which reads the count aggregate for it.
 */
class DownsampledQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    /** A multiple of 48 h, so the importer writes one 48 h block. */
    private static final long T0 = 10_000 * 48 * HOUR;
    private static final long SCRAPE = 30_000;

    @TempDir
    static Path dir;

    private static ExecutorService pool;
    private static BucketStore gateway;
    private static Server server;
    private static ManagedChannel channel;
    private static PrometheusApi api;
    /** Block directories by resolution. */
    private static final Map<String, Path> BLOCKS = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        StringBuilder om = new StringBuilder();
        Random rnd = new Random(10);
        long n = 48 * HOUR / SCRAPE;
        double counter = 0;
        for (long i = 0; i < n; i++) {
            counter = i == 1000 || i == 3000 || i == 4500 ? rnd.nextInt(5) : counter + rnd.nextInt(11);
            om.append("requests_total{job=\"a\"} ").append(counter).append(' ').append(seconds(T0 + i * SCRAPE)).append('\n');
        }
        for (long i = 0; i < n; i++) {
            double v = 20 + 5 * Math.sin(2 * Math.PI * i / 2880.0) + rnd.nextDouble() - 0.5;
            om.append("temperature{job=\"a\"} ").append(v).append(' ').append(seconds(T0 + i * SCRAPE)).append('\n');
        }
        om.append("# EOF\n");
        List<BlockMeta> raw = new OpenMetricsBlockImporter(48 * HOUR).importText(om.toString(), dir.resolve("raw"));
        assertThat(raw).hasSize(1);
        Path rawDir = dir.resolve("raw").resolve(raw.getFirst().ulid());
        BlockMetaJson.write(rawDir, raw.getFirst().withThanos(BlockMeta.Thanos.of(Map.of("cluster", "eu"), "receive")));
        BlockMeta fiveMin = BlockDownsampler.downsample(rawDir, dir.resolve("5m"), 300_000);
        BlockMeta hour = BlockDownsampler.downsample(dir.resolve("5m").resolve(fiveMin.ulid()), dir.resolve("1h"), HOUR);

        BLOCKS.put("5m", dir.resolve("5m").resolve(fiveMin.ulid()));
        BLOCKS.put("1h", dir.resolve("1h").resolve(hour.ulid()));

        InMemoryBucket bucket = new InMemoryBucket();
        Clock clock = Clock.systemUTC();
        BucketBlocks.upload(bucket, rawDir, clock);
        BucketBlocks.upload(bucket, dir.resolve("5m").resolve(fiveMin.ulid()), clock);
        BucketBlocks.upload(bucket, dir.resolve("1h").resolve(hour.ulid()), clock);

        pool = Executors.newFixedThreadPool(2);
        gateway = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, pool, List.of()),
                BucketStoreConfig.defaults(dir.resolve("store")), new SimpleMeterRegistry());
        gateway.sync();
        assertThat(gateway.blockIds()).hasSize(3);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new StoreGrpcService(gateway)).addService(new InfoGrpcService(gateway)).build().start();
        String target = "127.0.0.1:" + server.getPort();
        channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        GrpcStoreClient client = new GrpcStoreClient(channel, target);
        ApiSettings settings = new ApiSettings(o -> new StoreQueryable(client, XorChunkDecoder.INSTANCE, o),
                EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false, clock);
        api = new PrometheusApi(settings, new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()),
                List::of, 4, new SimpleMeterRegistry());
    }

    @AfterAll
    static void tearDown() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        gateway.close();
        pool.shutdownNow();
    }

    @Test
    void counterFunctionsOnDownsampledDataMatchRawWithinTolerance() throws Exception {
        for (String expr : List.of("rate(requests_total[4h])", "increase(requests_total[4h])")) {
            assertClose(expr, "5m", 0.02);
            assertClose(expr, "1h", 0.06);
        }
    }

    @Test
    void overTimeFunctionsOnDownsampledDataMatchRawWithinTolerance() throws Exception {
        for (String f : List.of("avg_over_time", "sum_over_time")) {
            assertClose(f + "(temperature[4h])", "5m", 0.002);
            assertClose(f + "(temperature[4h])", "1h", 0.002);
        }
        for (String f : List.of("min_over_time", "max_over_time")) {
            assertClose(f + "(temperature[4h])", "5m", 0.01);
            assertClose(f + "(temperature[4h])", "1h", 0.01);
        }
    }

    /**
     * The stronger check: at 5m and 1h the {@code *_over_time} answers equal a naive evaluation over the
     * aggregates stored in the downsampled block (read here straight from the block, not through the store).
     */
    @Test
    void overTimeFunctionsEqualANaiveEvaluationOverTheStoredAggregates() throws Exception {
        for (var e : BLOCKS.entrySet()) {
            Map<AggrType, TreeMap<Long, Double>> aggr = aggregates(e.getValue(), "temperature");
            for (int i = 0; i <= 38; i++) {
                long end = T0 + (6 + i) * HOUR;
                long start = end - 4 * HOUR;
                var count = aggr.get(AggrType.COUNT).subMap(start, false, end, true);
                var sum = aggr.get(AggrType.SUM).subMap(start, false, end, true);
                var min = aggr.get(AggrType.MIN).subMap(start, false, end, true);
                var max = aggr.get(AggrType.MAX).subMap(start, false, end, true);
                double avg = 0;
                for (long t : count.keySet()) {
                    avg += sum.get(t) / count.get(t);
                }
                avg /= count.size();
                String at = e.getKey() + " at step " + i;
                assertThat(values("max_over_time(temperature[4h])", e.getKey(), 3600)[i]).as(at)
                        .isEqualTo(max.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                assertThat(values("min_over_time(temperature[4h])", e.getKey(), 3600)[i]).as(at)
                        .isEqualTo(min.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                assertThat(values("sum_over_time(temperature[4h])", e.getKey(), 3600)[i]).as(at)
                        .isCloseTo(sum.values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-9));
                assertThat(values("avg_over_time(temperature[4h])", e.getKey(), 3600)[i]).as(at)
                        .isCloseTo(avg, within(1e-9));
                assertThat(values("count_over_time(temperature[4h])", e.getKey(), 3600)[i]).as(at)
                        .isEqualTo(count.size());
            }
        }
    }

    /** Every aggregate of {@code metric} in a downsampled block, timestamp → value. */
    private static Map<AggrType, TreeMap<Long, Double>> aggregates(Path blockDir, String metric) throws Exception {
        Map<AggrType, TreeMap<Long, Double>> out = new EnumMap<>(AggrType.class);
        for (AggrType t : AggrType.values()) {
            out.put(t, new TreeMap<>());
        }
        try (Block b = Block.open(blockDir);
                BlockChunkQuerier q = b.chunkQuerier(b.meta().minTime(), b.meta().maxTime() - 1)) {
            ChunkSeriesSet set = q.select(true, SelectHints.range(b.meta().minTime(), b.meta().maxTime() - 1),
                    Matcher.equal("__name__", metric));
            assertThat(set.next()).isTrue();
            ChunkIterator chunks = set.at().chunks();
            while (chunks.next()) {
                AggrChunk c = AggrChunk.wrap(chunks.at().chunk().bytes());
                for (AggrType t : AggrType.values()) {
                    SampleIterator it = c.get(t).iterator(null);
                    while (it.next() == ValueType.FLOAT) {
                        out.get(t).put(it.atT(), it.atF());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void resolutionIsChosenByMaxSourceResolutionAndAuto() throws Exception {
        // one sample per scrape, per 5m window, per 1h window in a 4 h range
        assertThat(values("count_over_time(temperature[4h])", "0s", 3600)).containsOnly(480.0);
        assertThat(values("count_over_time(temperature[4h])", "5m", 3600)).containsOnly(48.0);
        assertThat(values("count_over_time(temperature[4h])", "1h", 3600)).containsOnly(4.0);
        // auto: step / 5 = 12m, so 5m blocks; a 5 min step gives 1 min, so raw blocks
        assertThat(values("count_over_time(temperature[4h])", "auto", 3600)).containsOnly(48.0);
        assertThat(values("count_over_time(temperature[4h])", "auto", 300)).containsOnly(480.0);
        // a resolution between two levels uses the coarsest level below it
        assertThat(values("count_over_time(temperature[4h])", "30m", 3600)).containsOnly(48.0);
    }

    /** Thanos's dynamic lookback delta: between hourly samples a 1h-downsampled series is still present. */
    @Test
    void instantSelectorsSeeDownsampledSeriesBetweenTheirSamples() throws Exception {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("query", List.of("temperature"));
        p.put("time", List.of(seconds(T0 + 20 * HOUR + 30 * 60_000)));
        for (String resolution : List.of("0s", "5m", "1h")) {
            p.put("max_source_resolution", List.of(resolution));
            ApiResponse r = api.handle("/query", ApiRequest.get(p));
            JsonNode result = JSON.readTree(r.body()).path("data").path("result");
            assertThat(result.size()).as("%s: %s", resolution, result).isEqualTo(1);
        }
        p.put("lookback_delta", List.of("5m"));
        ApiResponse r = api.handle("/query", ApiRequest.get(p));
        assertThat(JSON.readTree(r.body()).path("data").path("result").size())
                .as("an explicit lookback_delta wins").isZero();
    }

    @Test
    void badMaxSourceResolutionIsRejected() throws Exception {
        ApiResponse r = api.handle("/query_range", ApiRequest.get(params("up", "-300", 60)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body())).contains("negative 'max_source_resolution'");
        r = api.handle("/query_range", ApiRequest.get(params("up", "five", 60)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body())).contains("'max_source_resolution' parameter");
    }

    private static void assertClose(String expr, String resolution, double tolerance) throws Exception {
        double[] raw = values(expr, "0s", 3600);
        double[] down = values(expr, resolution, 3600);
        assertThat(down).as("%s at %s", expr, resolution).hasSameSizeAs(raw).isNotEmpty();
        for (int i = 0; i < raw.length; i++) {
            double err = Math.abs(down[i] - raw[i]) / Math.abs(raw[i]);
            assertThat(err).as("%s at %s, step %d: raw %s, downsampled %s", expr, resolution, i, raw[i], down[i])
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    /** The values of the single series {@code expr} returns from T0 + 6 h to T0 + 44 h. */
    private static double[] values(String expr, String resolution, long stepSeconds) throws Exception {
        ApiResponse r = api.handle("/query_range", ApiRequest.get(params(expr, resolution, stepSeconds)));
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.status()).as(body.toString()).isEqualTo(200);
        JsonNode result = body.path("data").path("result");
        assertThat(result.size()).as("%s at %s: %s", expr, resolution, result).isEqualTo(1);
        JsonNode vs = result.get(0).path("values");
        double[] out = new double[vs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(vs.get(i).get(1).asText());
        }
        return out;
    }

    private static Map<String, List<String>> params(String expr, String resolution, long stepSeconds) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("query", List.of(expr));
        p.put("start", List.of(seconds(T0 + 6 * HOUR)));
        p.put("end", List.of(seconds(T0 + 44 * HOUR)));
        p.put("step", List.of(Long.toString(stepSeconds)));
        p.put("max_source_resolution", List.of(resolution));
        return p;
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
