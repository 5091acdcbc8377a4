package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.store.Aggregation;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.grpc.StoreProtos;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.TestXorChunk;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.OpaqueChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketStoreTest {
    private static final Labels EXT = Labels.of("cluster", "eu");
    private static final long HOUR = 3_600_000;

    @TempDir Path tmp;
    private final FaultyBucket bucket = new FaultyBucket(new InMemoryBucket());
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<BucketStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(BucketStore::close);
        executor.shutdownNow();
    }

    private BucketStore store(BucketStoreConfig config) throws Exception {
        BucketStore s = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, executor, List.of()), config,
                new SimpleMeterRegistry());
        stores.add(s);
        s.sync();
        return s;
    }

    private BucketStoreConfig config() {
        return BucketStoreConfig.defaults(tmp.resolve("data"));
    }

    /** {@code n} series {@code m{i=..., j=i%5}} with 240 samples every 15 s from {@code start}, 80 per chunk. */
    private static InMemoryChunkQueryable data(int n, long start) {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable();
        for (int i = 0; i < n; i++) {
            db.addRegular(Labels.of("__name__", "m", "i", String.format("%04d", i), "j", Integer.toString(i % 5)), start,
                    15_000, 240, i, 80);
        }
        return db;
    }

    private BlockMeta upload(InMemoryChunkQueryable db, Labels ext, long minTime, long maxTime) throws Exception {
        BlockMeta m = TestBlocks.write(tmp.resolve("blocks"), db, ext, minTime, maxTime);
        TestBlocks.upload(bucket, tmp.resolve("blocks"), m.ulid());
        return m;
    }

    private static List<StoreSeries> collect(BucketStore store, SeriesRequest r) {
        List<StoreSeries> out = new ArrayList<>();
        store.series(r, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                List<StoreChunk> copies = new ArrayList<>();
                for (StoreChunk c : s.chunks()) {
                    copies.add(new StoreChunk(c.minTime(), c.maxTime(), c.encoding(),
                            MemorySegment.ofArray(c.data().toArray(ValueLayout.JAVA_BYTE))));
                }
                out.add(new StoreSeries(s.labels(), copies));
            }

            @Override
            public void onWarning(String w) {}
        });
        return out;
    }

    /** Series as comparable text: labels and every chunk's time range and bytes. */
    private static List<String> render(List<StoreSeries> series) {
        List<String> out = new ArrayList<>();
        for (StoreSeries s : series) {
            StringBuilder b = new StringBuilder(s.labels().toString());
            for (StoreChunk c : s.chunks()) {
                b.append(' ').append(c.minTime()).append('-').append(c.maxTime()).append(':')
                        .append(java.util.HexFormat.of().formatHex(c.data().toArray(ValueLayout.JAVA_BYTE)));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void aQueryTakesFewRangedReadsAndARepeatIsServedFromTheIndexCache() throws Exception {
        upload(data(200, 0), EXT, 0, HOUR);
        BucketStore store = store(config());
        List<StoreSeries> first = collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"), Matcher.regex("j", "1|3")));
        assertThat(first).hasSize(80);
        assertThat(first).allSatisfy(s -> assertThat(s.chunks()).hasSize(3));
        QueryStats cold = store.lastQueryStats();
        // postings (one merged read), series (one), chunks (one segment)
        assertThat(cold.getRangeRequests()).isLessThanOrEqualTo(3);
        assertThat(cold.postingsFetchedBytes()).isPositive();

        List<StoreSeries> second = collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"), Matcher.regex("j", "1|3")));
        assertThat(second).extracting(StoreSeries::labels).isEqualTo(first.stream().map(StoreSeries::labels).toList());
        QueryStats warm = store.lastQueryStats();
        assertThat(warm.postingsFetchedBytes()).isZero();
        assertThat(warm.getRangeRequests()).isEqualTo(1);
        assertThat(store.indexCache().itemCount()).isGreaterThan(80);
        assertThat(store.chunkPool().used()).isZero();
    }

    @Test
    void withAChunkCacheARepeatReadsNothingFromTheBucketAndAnswersTheSame() throws Exception {
        upload(data(300, 0), EXT, 0, HOUR);
        BucketStore plain = store(config());
        BucketStore cached = store(config().withChunkCacheSize(64L << 20));
        SeriesRequest r = SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"), Matcher.regex("j", "0|4"));
        List<String> expected = render(collect(plain, r));
        assertThat(expected).hasSize(120);
        assertThat(render(collect(cached, r))).isEqualTo(expected);
        assertThat(cached.lastQueryStats().fetchedBytes()).isPositive();
        // a different selection of the same segment: its subranges are cached already
        SeriesRequest other = SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"), Matcher.equal("j", "2"));
        List<String> again = render(collect(cached, r));
        assertThat(again).isEqualTo(expected);
        assertThat(cached.lastQueryStats().getRangeRequests()).isZero();
        assertThat(render(collect(cached, other))).isEqualTo(render(collect(plain, other)));
        assertThat(cached.chunkPool().used()).isZero();
    }

    @Test
    void seriesOfSeveralBlocksAreMergedInTimeOrderWithoutDuplicateChunks() throws Exception {
        upload(data(3, 0), EXT, 0, HOUR);
        upload(data(3, HOUR), EXT, HOUR, 2 * HOUR);
        upload(data(3, 0), EXT, 0, HOUR); // same data again under another ULID (e.g. a re-upload)
        BucketStore store = store(config());
        assertThat(store.blockIds()).hasSize(3);
        List<StoreSeries> r = collect(store, SeriesRequest.of(0, 2 * HOUR, Matcher.equal("i", "0002")));
        assertThat(r).hasSize(1);
        List<StoreChunk> chunks = r.get(0).chunks();
        assertThat(chunks).hasSize(6);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).minTime()).isGreaterThan(chunks.get(i - 1).maxTime());
        }
        assertThat(store.lastQueryStats().blocksQueried()).isEqualTo(3);
        // a range inside the second block touches only it
        collect(store, SeriesRequest.of(HOUR + 1, 2 * HOUR, Matcher.equal("i", "0002")));
        assertThat(store.lastQueryStats().blocksQueried()).isEqualTo(1);
    }

    @Test
    void requestLimitsFailWithResourceExhaustedBeforeReadingChunks() throws Exception {
        upload(data(10, 0), EXT, 0, HOUR);
        BucketStore series = store(config().withLimits(5, 0));
        assertThatThrownBy(() -> collect(series, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("exceeded series limit: limit 5 violated (got 10)");
        assertThat(collect(series, SeriesRequest.of(0, HOUR, Matcher.regex("i", "000[0-4]")))).hasSize(5);

        BucketStore samples = store(config().withLimits(0, 1000));
        assertThatThrownBy(() -> collect(samples, SeriesRequest.of(0, HOUR, Matcher.regex("i", "000[0-2]"))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("exceeded samples limit: limit 1000 violated (got 1080)");
        assertThat(samples.lastQueryStats().chunksTouched()).isZero();
        assertThat(collect(samples, SeriesRequest.of(0, HOUR, Matcher.equal("i", "0001")))).hasSize(1);
    }

    @Test
    void downloadedBytesLimitFailsAQueryThatReadsTooMuch() throws Exception {
        upload(data(300, 0), EXT, 0, HOUR);
        BucketStore store = store(config().withDownloadedBytesLimit(64 * 1024));
        assertThatThrownBy(() -> collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("exceeded bytes limit while fetching").hasMessageContaining("limit 65536 violated");
        assertThat(store.chunkPool().used()).isZero();
        assertThat(collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("i", "0042")))).hasSize(1);
    }

    @Test
    void aQueryNeedingMoreThanTheChunkPoolFailsCleanlyAndTheNextOneIsServed() throws Exception {
        upload(data(300, 0), EXT, 0, HOUR);
        BucketStore store = store(config().withChunkPoolSize(32 * 1024));
        assertThatThrownBy(() -> collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("chunk pool exhausted").hasMessageContaining("--chunk-pool-size=32768");
        assertThat(store.chunkPool().used()).isZero();
        List<StoreSeries> small = collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("i", "0007")));
        assertThat(small).hasSize(1);
        assertThat(small.get(0).chunks()).hasSize(3);
        assertThat(store.chunkPool().used()).isZero();
    }

    @Test
    void aBlockDroppedDuringAQueryStaysReadableUntilTheQueryEnds() throws Exception {
        BlockMeta m = upload(data(600, 0), EXT, 0, HOUR);
        BucketStore store = store(config());
        CountDownLatch firstSeries = new CountDownLatch(1);
        CountDownLatch dropped = new CountDownLatch(1);
        List<Labels> seen = new ArrayList<>();
        CompletableFuture<Void> query = CompletableFuture.runAsync(() -> store.series(
                SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m")), new SeriesObserver() {
                    @Override
                    public void onSeries(StoreSeries s) {
                        seen.add(s.labels());
                        firstSeries.countDown();
                        try {
                            dropped.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public void onWarning(String w) {}
                }));
        assertThat(firstSeries.await(10, TimeUnit.SECONDS)).isTrue();
        bucket.delete(m.ulid() + "/meta.json"); // Thanos deletes meta.json first
        store.sync();
        assertThat(store.blockIds()).isEmpty();
        assertThat(Files.exists(tmp.resolve("data").resolve(m.ulid()).resolve("index-header"))).isTrue();
        dropped.countDown();
        query.get(30, TimeUnit.SECONDS);
        assertThat(seen).hasSize(600);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isGreaterThan(seen.get(i - 1));
        }
        assertThat(tmp.resolve("data").resolve(m.ulid())).doesNotExist();
        assertThat(collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m")))).isEmpty();
    }

    @Test
    void indexHeadersAreBuiltOnFirstUseAndUnmappedWhenIdle() throws Exception {
        BlockMeta m = upload(data(5, 0), EXT, 0, HOUR);
        BucketStoreConfig c = new BucketStoreConfig(tmp.resolve("data"), 4, 1 << 20, 1 << 20, 0, 0, 0, 0, true,
                java.time.Duration.ofNanos(1), io.jthanos.store.gateway.fetch.TimeOrDuration.MIN,
                io.jthanos.store.gateway.fetch.TimeOrDuration.MAX);
        BucketStore store = store(c);
        Path header = tmp.resolve("data").resolve(m.ulid()).resolve("index-header");
        assertThat(header).doesNotExist();
        assertThat(bucket.reads(FaultyBucket.Read.GET_RANGE)).isZero();
        collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("i", "0001")));
        assertThat(header).exists();
        assertThat(store.block(m.ulid()).indexHeader().isLoaded()).isTrue();
        Thread.sleep(1);
        assertThat(store.closeIdleIndexHeaders()).isEqualTo(1);
        assertThat(store.block(m.ulid()).indexHeader().isLoaded()).isFalse();
        assertThat(collect(store, SeriesRequest.of(0, HOUR, Matcher.equal("i", "0001")))).hasSize(1);

        // without lazy loading the header is built during sync
        bucket.resetReads();
        upload(data(5, HOUR), EXT, HOUR, 2 * HOUR);
        BucketStore eager = store(config().withLazyIndexHeader(false));
        assertThat(eager.blockIds()).hasSize(2);
        assertThat(bucket.reads(FaultyBucket.Read.GET_RANGE)).isPositive();
    }

    @Test
    void withoutALocalDirectoryIndexHeadersAreBuiltInMemoryAndAnswerTheSame() throws Exception {
        upload(data(50, 0), EXT, 0, HOUR);
        upload(data(50, HOUR), EXT, HOUR, 2 * HOUR);
        SeriesRequest r = SeriesRequest.of(0, 2 * HOUR, Matcher.equal("__name__", "m"), Matcher.regex("j", "1|3"));
        List<String> cached = render(collect(store(config()), r));

        Path elsewhere = tmp.resolve("unused");
        BucketStoreConfig noCache = new BucketStoreConfig(null, 4, 1 << 20, 1 << 20, 0, 0, 0, 0, true,
                java.time.Duration.ofNanos(1), io.jthanos.store.gateway.fetch.TimeOrDuration.MIN,
                io.jthanos.store.gateway.fetch.TimeOrDuration.MAX);
        BucketStore store = store(noCache);
        assertThat(render(collect(store, r))).hasSize(20).isEqualTo(cached);
        assertThat(store.labelValues(io.jthanos.store.LabelValuesRequest.of("i", 0, 2 * HOUR)).values()).hasSize(50);
        for (String id : store.blockIds()) {
            assertThat(store.block(id).indexHeader().isLoaded()).isTrue();
            assertThat(store.block(id).indexHeader().bytesFetched()).isPositive();
        }
        // idle unmapping drops the in-memory header; the next use builds it again
        Thread.sleep(1);
        assertThat(store.closeIdleIndexHeaders()).isEqualTo(2);
        assertThat(render(collect(store, r))).isEqualTo(cached);
        assertThat(elsewhere).doesNotExist();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(tmp)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("index-header")))
                    .as("index-headers on disk: only the caching store's")
                    .allSatisfy(f -> assertThat(f).startsWith(tmp.resolve("data")));
        }
    }

    @Test
    void sourcesOfACompactedBlockThatFailsToLoadStayServedUntilItLoads() throws Exception {
        BlockMeta a = upload(data(20, 0), EXT, 0, HOUR);
        BlockMeta b = upload(data(20, HOUR), EXT, HOUR, 2 * HOUR);
        BucketStore store = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, executor,
                List.of(new io.jthanos.store.gateway.fetch.DeduplicateFilter())), config().withLazyIndexHeader(false),
                new SimpleMeterRegistry());
        stores.add(store);
        store.sync();
        SeriesRequest r = SeriesRequest.of(0, 2 * HOUR, Matcher.equal("__name__", "m"));
        assertThat(samples(collect(store, r))).isEqualTo(20 * 480);

        InMemoryChunkQueryable both = new InMemoryChunkQueryable();
        for (int i = 0; i < 20; i++) {
            both.addRegular(Labels.of("__name__", "m", "i", String.format("%04d", i), "j", Integer.toString(i % 5)), 0,
                    15_000, 480, i, 120);
        }
        BlockMeta c = TestBlocks.write(tmp.resolve("blocks"), both, EXT, 0, 2 * HOUR);
        c = new BlockMeta(c.ulid(), c.minTime(), c.maxTime(), c.stats(), new BlockMeta.Compaction(2,
                List.of(a.ulid(), b.ulid()), false, List.of(), false, List.of(), null), 1, c.thanos(), null);
        io.jthanos.tsdb.block.BlockMetaJson.write(tmp.resolve("blocks").resolve(c.ulid()), c);
        TestBlocks.upload(bucket, tmp.resolve("blocks"), c.ulid());
        String unreadable = c.ulid() + "/";
        bucket.failRangeReads(name -> name.startsWith(unreadable),
                new RuntimeException("injected: index of the compacted block unreadable"));
        store.sync();
        assertThat(store.blockIds()).as("c hides its sources but cannot load: they stay").containsExactlyInAnyOrder(a.ulid(), b.ulid());
        assertThat(samples(collect(store, r))).isEqualTo(20 * 480);

        bucket.heal();
        store.sync();
        assertThat(store.blockIds()).containsExactly(c.ulid());
        assertThat(samples(collect(store, r))).isEqualTo(20 * 480);
    }

    private static long samples(List<StoreSeries> series) {
        long n = 0;
        for (StoreSeries s : series) {
            for (StoreChunk c : s.chunks()) {
                n += Short.toUnsignedInt(c.data().get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0));
            }
        }
        return n;
    }

    @Test
    void labelNamesAndValuesHonourMatchersAndTimeRange() throws Exception {
        InMemoryChunkQueryable early = new InMemoryChunkQueryable();
        early.addRegular(Labels.of("__name__", "a", "env", "dev"), 0, 15_000, 100, 0, 50);
        early.addRegular(Labels.of("__name__", "b", "zone", "z1"), 0, 15_000, 100, 0, 50);
        InMemoryChunkQueryable late = new InMemoryChunkQueryable();
        late.addRegular(Labels.of("__name__", "a", "env", "prod"), HOUR, 15_000, 100, 0, 50);
        upload(early, EXT, 0, HOUR);
        upload(late, Labels.of("cluster", "us"), HOUR, 2 * HOUR);
        BucketStore store = store(config());
        assertThat(store.labelValues(LabelValuesRequest.of("env", 0, 2 * HOUR)).values()).containsExactly("dev", "prod");
        assertThat(store.labelValues(LabelValuesRequest.of("env", HOUR, 2 * HOUR)).values()).containsExactly("prod");
        assertThat(store.labelValues(LabelValuesRequest.of("cluster", 0, 2 * HOUR)).values()).containsExactly("eu", "us");
        assertThat(store.labelValues(LabelValuesRequest.of("cluster", 0, 2 * HOUR, Matcher.equal("env", "prod"))).values())
                .containsExactly("us");
        assertThat(store.labelNames(LabelNamesRequest.of(0, HOUR - 1)).values()).containsExactly("__name__", "cluster", "env", "zone");
        assertThat(store.labelNames(LabelNamesRequest.of(0, 2 * HOUR, Matcher.equal("__name__", "a"))).values())
                .containsExactly("__name__", "cluster", "env");
        assertThat(store.labelNames(LabelNamesRequest.of(0, 2 * HOUR, Matcher.equal("cluster", "us"))).values())
                .containsExactly("__name__", "cluster", "env");
        assertThat(store.info().labelSets()).containsExactly(EXT, Labels.of("cluster", "us"));
    }

    // ---- downsampled blocks

    private static byte[] aggr(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            if (p == null) {
                out.write(0);
                continue;
            }
            out.write(p.length); // < 128 in these tests
            out.write(1);
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] xor(long t0, double v) {
        return TestXorChunk.encode(new long[] {t0, t0 + 300_000}, new double[] {v, v + 1}, 0, 2).bytes()
                .toArray(ValueLayout.JAVA_BYTE);
    }

    private BlockMeta uploadDownsampled(Labels series, long resolution, long minTime, long maxTime) throws Exception {
        byte[] payload = aggr(xor(minTime, 10), xor(minTime, 20), xor(minTime, 30), xor(minTime, 40), xor(minTime, 50));
        ChunkMeta chunk = new ChunkMeta(minTime, minTime + 300_000, new OpaqueChunk(Encoding.AGGR, MemorySegment.ofArray(payload)));
        ChunkSeriesSet set = new ChunkSeriesSet() {
            boolean done;

            @Override
            public boolean next() {
                boolean more = !done;
                done = true;
                return more;
            }

            @Override
            public ChunkSeries at() {
                return new ChunkSeries() {
                    @Override
                    public Labels labels() {
                        return series;
                    }

                    @Override
                    public ChunkIterator chunks() {
                        return new ChunkIterator() {
                            boolean first = true;

                            @Override
                            public boolean next() {
                                boolean more = first;
                                first = false;
                                return more;
                            }

                            @Override
                            public ChunkMeta at() {
                                return chunk;
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
        BlockMeta.Thanos t = new BlockMeta.Thanos(1, EXT.toMap(), resolution, "compactor", null, null, null, null, null, null, null);
        BlockMeta m = new BlockWriter(tmp.resolve("blocks")).ulid(Ulid.generate()).timeRange(minTime, maxTime).thanos(t).write(set);
        TestBlocks.upload(bucket, tmp.resolve("blocks"), m.ulid());
        return m;
    }

    @Test
    void downsampledBlocksAreChosenByResolutionAndServeTheRequestedAggregates() throws Exception {
        Labels series = Labels.of("__name__", "m", "i", "0000");
        InMemoryChunkQueryable raw = new InMemoryChunkQueryable();
        raw.addRegular(series, 0, 15_000, 240, 0, 80);
        upload(raw, EXT, 0, HOUR);
        uploadDownsampled(series, 300_000, 0, HOUR);
        uploadDownsampled(series, 300_000, HOUR, 2 * HOUR);
        BucketStore store = store(config());

        List<StoreSeries> rawResult = collect(store, SeriesRequest.of(0, HOUR - 1, Matcher.equal("i", "0000")));
        assertThat(rawResult.get(0).chunks()).hasSize(3).allSatisfy(c -> assertThat(c.encoding()).isEqualTo(Encoding.XOR));

        List<StoreSeries> down = collect(store, SeriesRequest.of(0, 2 * HOUR, Matcher.equal("i", "0000"))
                .withDownsampling(300_000, List.of(Aggregation.COUNT, Aggregation.SUM)));
        assertThat(down).hasSize(1);
        List<StoreChunk> chunks = down.get(0).chunks();
        assertThat(chunks).hasSize(2).allSatisfy(c -> assertThat(c.encoding()).isEqualTo(Encoding.AGGR));
        var proto = StoreProtos.toProto(chunks.get(0));
        assertThat(proto.hasCount()).isTrue();
        assertThat(proto.hasSum()).isTrue();
        assertThat(proto.hasMin()).isFalse();
        assertThat(proto.hasCounter()).isFalse();
        assertThat(proto.getSum().getData().toByteArray()).isEqualTo(xor(0, 20));
        assertThat(StoreProtos.fromProto(proto).data().toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(aggr(xor(0, 10), xor(0, 20), null, null, null));
    }
}
