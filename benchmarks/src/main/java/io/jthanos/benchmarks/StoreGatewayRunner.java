package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.BucketStore;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.QueryStats;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Store gateway figures over a FILESYSTEM bucket (no network, so it measures the gateway itself): start-up with
 * 1,000 block metas (cold and with the local meta cache), then series queries against one block of 10,000 series
 * (4 chunks each): cold (index-header built on first use) and warm (index cache), with ranged reads and bytes
 * fetched per query. Run: {@code java -cp $CP io.jthanos.benchmarks.StoreGatewayRunner [dir]}.
 */
public final class StoreGatewayRunner {
    private static final int SERIES = 10_000;
    private static final int METAS = 1_000;
    private static final long TWO_HOURS = 7_200_000;
    /** {@code -Dsgw.chunkCache=<bytes>}: the chunk cache ({@code --store.chunk-cache-size}); 0 reads chunks every time. */
    private static final long CHUNK_CACHE = Long.getLong("sgw.chunkCache", 256L << 20);
    private static final int REPEAT = Integer.getInteger("sgw.repeat", 15);

    private StoreGatewayRunner() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("storegw-bench");
        Path bucketDir = Files.createDirectories(dir.resolve("bucket"));
        long start = 1000 * TWO_HOURS;
        writeBlock(bucketDir, start);
        for (int i = 0; i < METAS - 1; i++) {
            String id = Ulid.generate().toString();
            BlockMeta m = new BlockMeta(id, i * TWO_HOURS, (i + 1) * TWO_HOURS, null, null, 1,
                    BlockMeta.Thanos.of(Map.of("cluster", "eu"), "receive"), null);
            Files.createDirectories(bucketDir.resolve(id));
            Files.writeString(bucketDir.resolve(id).resolve("meta.json"), BlockMetaJson.toJson(m), StandardCharsets.UTF_8);
        }
        FilesystemBucket bucket = new FilesystemBucket(bucketDir);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Path data = dir.resolve("data");
        long t0 = System.nanoTime();
        BucketStore cold = store(bucket, pool, data);
        long coldSync = System.nanoTime() - t0;
        cold.close();
        t0 = System.nanoTime();
        BucketStore store = store(bucket, pool, data);
        long cachedSync = System.nanoTime() - t0;
        System.out.printf("start-up, %d metas: first sync %.0f ms, restart with meta cache %.0f ms%n", METAS,
                coldSync / 1e6, cachedSync / 1e6);

        SeriesRequest tenth = SeriesRequest.of(start, start + TWO_HOURS, Matcher.equal("__name__", "m"), Matcher.equal("j", "3"));
        SeriesRequest all = SeriesRequest.of(start, start + TWO_HOURS, Matcher.equal("__name__", "m"));
        t0 = System.nanoTime();
        long n = run(store, tenth);
        report("cold, 1,000 of 10,000 series (index-header built)", n, System.nanoTime() - t0, store.lastQueryStats());
        for (SeriesRequest r : List.of(tenth, all)) {
            long[] times = new long[REPEAT];
            for (int i = 0; i < times.length; i++) {
                long s = System.nanoTime();
                n = run(store, r);
                times[i] = System.nanoTime() - s;
            }
            Arrays.sort(times);
            report("warm, " + n + " series, median of " + REPEAT, n, times[times.length / 2], store.lastQueryStats());
        }
        store.close();
        pool.shutdownNow();
    }

    private static void report(String what, long series, long nanos, QueryStats s) {
        System.out.printf("%-52s %8.1f ms  %d ranged reads, %.1f KiB fetched%n", what, nanos / 1e6, s.getRangeRequests(),
                s.fetchedBytes() / 1024.0);
    }

    private static BucketStore store(FilesystemBucket bucket, ExecutorService pool, Path data) throws Exception {
        BucketStore s = new BucketStore(bucket, new BlockMetaFetcher(bucket, data.resolve("meta-syncer"), pool, List.of()),
                BucketStoreConfig.defaults(data).withChunkCacheSize(CHUNK_CACHE), new SimpleMeterRegistry());
        s.sync();
        return s;
    }

    private static long run(BucketStore store, SeriesRequest r) {
        long[] n = new long[1];
        store.series(r, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                n[0]++;
            }

            @Override
            public void onWarning(String w) {}
        });
        return n[0];
    }

    private static void writeBlock(Path bucketDir, long start) throws Exception {
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            labels.add(Labels.of("__name__", "m", "i", String.format("%05d", i), "j", Integer.toString(i % 10)));
        }
        ChunkSeriesSet set = new ChunkSeriesSet() {
            int i = -1;

            @Override
            public boolean next() {
                return ++i < SERIES;
            }

            @Override
            public ChunkSeries at() {
                Labels l = labels.get(i);
                int series = i;
                return new ChunkSeries() {
                    @Override
                    public Labels labels() {
                        return l;
                    }

                    @Override
                    public ChunkIterator chunks() {
                        List<ChunkMeta> cs = new ArrayList<>();
                        for (int c = 0; c < 4; c++) {
                            XorChunk chunk = new XorChunk();
                            XorAppender a = chunk.appender();
                            long first = start + c * 120 * 15_000L;
                            for (int k = 0; k < 120; k++) {
                                a.append(first + k * 15_000L, series + k * 0.5);
                            }
                            cs.add(new ChunkMeta(first, first + 119 * 15_000L, chunk));
                        }
                        return new ChunkIterator() {
                            int j = -1;

                            @Override
                            public boolean next() {
                                return ++j < cs.size();
                            }

                            @Override
                            public ChunkMeta at() {
                                return cs.get(j);
                            }
                        };
                    }
                };
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
        new BlockWriter(bucketDir).timeRange(start, start + TWO_HOURS).thanos(BlockMeta.Thanos.of(Map.of("cluster", "eu"), "test"))
                .write(set);
    }
}
