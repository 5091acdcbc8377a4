package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.PrefixedBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.store.ComponentType;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.BaseStoreApiTestCase;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The StoreAPI conformance suite against the store gateway: each data set is written as a block with tsdb's
 * BlockWriter, uploaded to S3 (s3proxy) with a Thanos meta.json, synced by a {@link BucketStore} and queried
 * over loopback gRPC.
 */
class BucketStoreS3ConformanceTest extends BaseStoreApiTestCase {
    private static S3ProxyServer s3;
    private static Bucket root;
    private static final AtomicInteger PREFIX = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4);

    @TempDir Path tmp;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        root = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry());
    }

    @AfterAll
    static void stopS3() throws Exception {
        root.close();
        s3.close();
        EXECUTOR.shutdownNow();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private StoreApi serve(InMemoryChunkQueryable data, Labels externalLabels, FaultyBucket[] failing) {
        try {
            Bucket bucket = PrefixedBucket.wrap(root, "conformance-" + PREFIX.incrementAndGet());
            BlockMeta meta = TestBlocks.write(tmp.resolve("blocks"), data, externalLabels, 0, MAX_T + 1);
            TestBlocks.upload(bucket, tmp.resolve("blocks"), meta.ulid());
            FaultyBucket reads = new FaultyBucket(bucket);
            if (failing != null) {
                failing[0] = reads;
            }
            BucketStore store = new BucketStore(reads, new BlockMetaFetcher(reads, null, EXECUTOR, List.of()),
                    // with a chunk cache, as bin/thanos store runs by default
                    BucketStoreConfig.defaults(tmp.resolve("data")).withChunkCacheSize(64L << 20), new SimpleMeterRegistry());
            store.sync();
            LoopbackStore server = new LoopbackStore(store);
            closeables.add(store);
            closeables.add(server);
            return server.client();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected StoreApi open(InMemoryChunkQueryable data, Labels externalLabels) {
        return serve(data, externalLabels, null);
    }

    @Override
    protected StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels, RuntimeException failure) {
        FaultyBucket[] reads = new FaultyBucket[1];
        StoreApi store = serve(healthy, externalLabels, reads);
        reads[0].failRangeReads(name -> true, failure);
        return store;
    }

    @Override
    protected boolean failuresBecomeWarnings() {
        return false;
    }

    @Test
    void infoAnnouncesExternalLabelsTimeRangeAndStoreType() {
        StoreInfo info = open(db, EXTERNAL).info();
        assertThat(info.labelSets()).containsExactly(EXTERNAL);
        assertThat(info.minTime()).isZero();
        // the block's maxTime, which is exclusive, as Thanos's BucketStore.TimeRange announces it
        assertThat(info.maxTime()).isEqualTo(MAX_T + 1);
        assertThat(info.componentType()).isEqualTo(ComponentType.STORE);
    }

    @Test
    void seriesLargerThanOneFrameAreReadAndSentWhole() {
        InMemoryChunkQueryable big = new InMemoryChunkQueryable();
        java.util.Random rnd = new java.util.Random(1);
        int n = 100_000;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 10L;
            vs[i] = rnd.nextDouble();
        }
        big.add(Labels.of("__name__", "big"), ts, vs, 120);
        StoreApi store = open(big, Labels.of("cluster", "eu"));
        Result r = collect(store, SeriesRequest.of(0, Long.MAX_VALUE, Matcher.equal("__name__", "big")));
        assertThat(r.series()).hasSize(1);
        assertThat(r.series().get(0).chunks()).hasSize((n + 119) / 120);
        assertThat(samples(r.series().get(0).chunks(), 0, Long.MAX_VALUE)).hasSize(n);
    }
}
