package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.store.ExternalLabels;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks written by promtool 3.5 from generated OpenMetrics, uploaded to S3 with a Thanos meta.json: every sample
 * the store gateway returns equals what tsdb's block reader reads from the same block on local disk.
 */
class PromtoolBlocksTest {
    private static final Labels EXT = Labels.of("cluster", "eu", "replica", "0");
    private static final long START = 1_700_000_000_000L + 1_234_567;
    @TempDir Path tmp;

    private static String openMetrics(long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        sb.append("# TYPE node_load gauge\n");
        for (int i = 0; i < 30; i++) {
            double v = rnd.nextDouble() * 10;
            for (long t = START; t < START + 5 * 3_600_000L; t += 15_000) {
                v += rnd.nextGaussian();
                sb.append("node_load{instance=\"host-").append(i).append("\",job=\"").append(i % 3 == 0 ? "db" : "api")
                        .append("\"} ").append(v).append(' ').append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
            }
        }
        sb.append("# TYPE http_requests counter\n");
        for (int i = 0; i < 10; i++) {
            double v = 0;
            for (long t = START; t < START + 5 * 3_600_000L; t += 30_000) {
                v += rnd.nextInt(100);
                sb.append("http_requests_total{code=\"").append(200 + i % 3 * 100).append("\",instance=\"host-").append(i)
                        .append("\"} ").append(v).append(' ').append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
            }
        }
        sb.append("# EOF\n");
        return sb.toString();
    }

    @Test
    void storeGatewayAnswersEqualTheLocalBlockReader() throws Exception {
        Path promtool = Oracles.promtool();
        Path input = tmp.resolve("input.om");
        Files.writeString(input, openMetrics(7));
        Path out = Files.createDirectories(tmp.resolve("blocks"));
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", input.toString(),
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(out)) {
            dirs = s.filter(d -> Files.exists(d.resolve("meta.json"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(3);

        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (S3ProxyServer s3 = S3ProxyServer.start();
                Bucket bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry())) {
            for (Path d : dirs) {
                BlockMeta m = BlockMetaJson.read(d);
                BlockMetaJson.write(d, m.withThanos(BlockMeta.Thanos.of(EXT.toMap(), "test")));
                TestBlocks.upload(bucket, out, d.getFileName().toString());
            }
            BucketStore store = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, executor, List.of()),
                    BucketStoreConfig.defaults(tmp.resolve("data")), new SimpleMeterRegistry());
            store.sync();
            assertThat(store.blockIds()).hasSize(dirs.size());
            long end = START + 5 * 3_600_000L;
            List<List<Matcher>> queries = List.of(
                    List.of(Matcher.equal("__name__", "node_load")),
                    List.of(Matcher.regex("__name__", ".+"), Matcher.notEqual("job", "api")),
                    List.of(Matcher.equal("__name__", "http_requests_total"), Matcher.regex("code", "2..|4..")),
                    List.of(Matcher.regex("instance", "host-(1|2)[0-9]?"), Matcher.notRegex("__name__", "node.*")));
            long[][] ranges = {{0, Long.MAX_VALUE}, {START + 3_000_000, START + 9_000_000}, {end - 60_000, end + 60_000}};
            for (List<Matcher> q : queries) {
                for (long[] r : ranges) {
                    Map<Labels, List<String>> expected = expected(dirs, q, r[0], r[1]);
                    Map<Labels, List<String>> actual = actual(store, q, r[0], r[1]);
                    assertThat(expected).as(q + " " + r[0]).isNotEmpty();
                    assertThat(actual.keySet()).as(q + " " + r[0]).containsExactlyElementsOf(expected.keySet());
                    assertThat(actual).as(q + " " + r[0]).isEqualTo(expected);
                }
            }
            store.close();
        } finally {
            executor.shutdownNow();
        }
    }

    private static Map<Labels, List<String>> expected(List<Path> dirs, List<Matcher> ms, long minT, long maxT) throws Exception {
        Map<Labels, List<String>> out = new TreeMap<>();
        LabelsBuilder scratch = new LabelsBuilder();
        for (Path d : dirs) {
            try (Block b = Block.open(d); ChunkQuerier q = b.chunkQuerier(minT, maxT)) {
                ChunkSeriesSet set = q.select(true, new SelectHints(minT, maxT, 0, null, 0, List.of(), false, false),
                        ms.toArray(new Matcher[0]));
                while (set.next()) {
                    ChunkSeries s = set.at();
                    List<String> samples = out.computeIfAbsent(ExternalLabels.extend(s.labels(), EXT, scratch), k -> new ArrayList<>());
                    ChunkIterator it = s.chunks();
                    while (it.next()) {
                        decode(it.at().chunk().iterator(null), minT, maxT, samples);
                    }
                }
            }
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static Map<Labels, List<String>> actual(BucketStore store, List<Matcher> ms, long minT, long maxT) {
        Map<Labels, List<String>> out = new TreeMap<>();
        List<Labels> order = new ArrayList<>();
        store.series(new SeriesRequest(minT, maxT, ms, false, List.of(), 0, null, null, 0, List.of()), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                order.add(s.labels());
                List<String> samples = new ArrayList<>();
                for (StoreChunk c : s.chunks()) {
                    decode(XorChunk.wrap(c.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).iterator(null), minT, maxT, samples);
                }
                if (!samples.isEmpty()) {
                    out.put(s.labels(), samples);
                }
            }

            @Override
            public void onWarning(String w) {}
        });
        assertThat(order).isSorted();
        return out;
    }

    private static void decode(SampleIterator it, long minT, long maxT, List<String> into) {
        while (it.next() == ValueType.FLOAT) {
            if (it.atT() >= minT && it.atT() <= maxT) {
                into.add(it.atT() + "=" + it.atF());
            }
        }
    }
}
