package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.retry.RetryPolicy;
import io.jthanos.objstore.s3.S3Bucket;
import io.jthanos.objstore.testing.FaultInjectingProxy;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.TestXorChunk;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store gateway behind a fault-injecting proxy in front of s3proxy: retries hide transient faults; persistent ones fail clearly. */
class BucketStoreChaosTest {
    private static final long HOUR = 3_600_000;
    private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));

    @TempDir Path tmp;
    private S3ProxyServer s3;
    private FaultInjectingProxy proxy;
    private Bucket direct;
    private Bucket faulty;
    private BucketStore store;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @BeforeEach
    void setUp() throws Exception {
        s3 = S3ProxyServer.start();
        proxy = FaultInjectingProxy.start(s3.port());
        direct = S3Bucket.create(s3.s3Config(s3.endpoint(), S3ProxyServer.DEFAULT_BUCKET, ""), RetryPolicy.NONE, "direct");
        faulty = S3Bucket.create(s3.s3Config(proxy.endpoint(), S3ProxyServer.DEFAULT_BUCKET,
                "  http_config:\n    response_header_timeout: 500ms\n"), FAST, "faulty");
        for (int b = 0; b < 2; b++) {
            InMemoryChunkQueryable db = new InMemoryChunkQueryable();
            for (int i = 0; i < 50; i++) {
                long[] ts = new long[240];
                double[] vs = new double[240];
                for (int k = 0; k < ts.length; k++) {
                    ts[k] = b * HOUR + k * 15_000L;
                    vs[k] = value(i, ts[k]);
                }
                db.add(Labels.of("__name__", "m", "i", String.format("%03d", i)), ts, vs, 80);
            }
            BlockMeta m = TestBlocks.write(tmp.resolve("blocks"), db, Labels.of("cluster", "eu"), b * HOUR, (b + 1) * HOUR);
            TestBlocks.upload(direct, tmp.resolve("blocks"), m.ulid());
        }
        store = new BucketStore(faulty, new BlockMetaFetcher(faulty, null, executor, List.of()),
                BucketStoreConfig.defaults(tmp.resolve("data")), new SimpleMeterRegistry());
        store.sync();
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        faulty.close();
        direct.close();
        proxy.close();
        s3.close();
        executor.shutdownNow();
    }

    static double value(int series, long t) {
        return series * 1e6 + t / 1000.0;
    }

    private static Predicate<FaultInjectingProxy.Request> get(String fragment) {
        return r -> r.method().equals("GET") && r.target().contains(fragment);
    }

    /** All samples as "labels t=v", checked against {@link #value}: a wrong sample fails the test at once. */
    static List<String> query(BucketStore store, long minT, long maxT) {
        List<String> out = new ArrayList<>();
        store.series(SeriesRequest.of(minT, maxT, Matcher.equal("__name__", "m")), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                int i = Integer.parseInt(s.labels().get("i"));
                long last = Long.MIN_VALUE;
                for (StoreChunk c : s.chunks()) {
                    SampleIterator it = new TestXorChunk(c.data()).iterator(null);
                    while (it.next() == ValueType.FLOAT) {
                        assertThat(it.atT()).as("samples strictly increasing in %s", s.labels()).isGreaterThan(last);
                        last = it.atT();
                        assertThat(it.atF()).as("value of %s at %d", s.labels(), it.atT()).isEqualTo(value(i, it.atT()));
                        if (it.atT() >= minT && it.atT() <= maxT) {
                            out.add(s.labels() + " " + it.atT());
                        }
                    }
                }
            }

            @Override
            public void onWarning(String w) {}
        });
        return out;
    }

    @Test
    void transientErrorsDropsAndStallsAreRetriedAndTheAnswerIsUnchanged() throws Exception {
        // warm the index-headers so the faults hit query reads
        List<String> reference = query(store, 0, 2 * HOUR);
        assertThat(reference).hasSize(50 * 480);
        BucketStore cold = new BucketStore(faulty, new BlockMetaFetcher(faulty, null, executor, List.of()),
                BucketStoreConfig.defaults(tmp.resolve("data2")), new SimpleMeterRegistry());
        try {
            cold.sync();
            proxy.inject(get("/index"), new FaultInjectingProxy.Respond(503, "SlowDown"), 3)
                    .inject(get("/chunks/"), new FaultInjectingProxy.Respond(500, "InternalError"), 2)
                    .inject(get("/chunks/"), new FaultInjectingProxy.DropMidResponse(), 1)
                    .inject(get("/index"), new FaultInjectingProxy.Delay(Duration.ofMillis(1500)), 1);
            proxy.clearRequests();
            assertThat(query(cold, 0, 2 * HOUR)).isEqualTo(reference);
            // fault-free: 2 blocks x (4 index-header reads + postings + series) and 2 chunk reads; each fault costs a retry
            assertThat(proxy.requests(get("/index"))).hasSizeGreaterThanOrEqualTo(12 + 4);
            assertThat(proxy.requests(get("/chunks/"))).hasSizeGreaterThanOrEqualTo(2 + 3);
        } finally {
            cold.close();
        }
    }

    @Test
    void persistentFailureFailsTheQueryClearlyAndTheNextQueryIsServed() throws Exception {
        List<String> reference = query(store, 0, 2 * HOUR);
        proxy.inject(get("/chunks/"), new FaultInjectingProxy.Respond(503, "SlowDown"), 1000);
        assertThatThrownBy(() -> query(store, 0, 2 * HOUR))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE))
                .hasMessageContaining("read chunks").hasMessageContaining("chunks/000001");
        assertThat(store.chunkPool().used()).isZero();
        proxy.clearFaults();
        assertThat(query(store, 0, 2 * HOUR)).isEqualTo(reference);
    }
}
