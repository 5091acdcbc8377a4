package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher.Discovery;
import io.jthanos.store.gateway.fetch.DeletionMarkFilter;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Start-up with 1,000 blocks in S3 (s3proxy), 10 of them marked for deletion long ago, with the deletion-mark
 * filter as {@code thanos store} wires it. The first sync lists the bucket, reads 1,000 metas concurrently and
 * only the 10 marks that exist, and builds no index-header; a restart takes the metas from the local meta cache.
 * Concurrent discovery lists each block directory once (Thanos: a HEAD of meta.json and a GET of
 * deletion-mark.json per block); recursive discovery lists the whole bucket in one paged listing. Prints the
 * times (recorded as figures).
 */
class ManyBlocksStartupTest {
    private static final int BLOCKS = 1000;
    private static final int MARKED = 10;
    private static ExecutorService pool;
    private static S3ProxyServer s3;
    private static Bucket bucket;

    @BeforeAll
    static void upload() throws Exception {
        pool = Executors.newFixedThreadPool(32);
        s3 = S3ProxyServer.start();
        bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry());
        long markedAt = System.currentTimeMillis() / 1000 - 48 * 3600;
        List<Future<?>> uploads = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) {
            long min = i * 7_200_000L;
            String id = Ulid.generate().toString();
            BlockMeta m = new BlockMeta(id, min, min + 7_200_000L, null, null, 1,
                    BlockMeta.Thanos.of(Map.of("cluster", "eu", "replica", Integer.toString(i % 2)), "receive"), null);
            boolean marked = i < MARKED;
            uploads.add(pool.submit(() -> {
                bucket.upload(id + "/chunks/000001", new byte[64]);
                bucket.upload(id + "/index", new byte[64]);
                bucket.upload(id + "/meta.json", BlockMetaJson.toJson(m).getBytes(StandardCharsets.UTF_8));
                if (marked) {
                    bucket.upload(id + "/" + DeletionMarkFilter.FILE_NAME, ("{\"id\":\"" + id
                            + "\",\"version\":1,\"deletion_time\":" + markedAt + "}").getBytes(StandardCharsets.UTF_8));
                }
                return null;
            }));
        }
        for (Future<?> f : uploads) {
            f.get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pool.shutdownNow();
        bucket.close();
        s3.close();
    }

    @ParameterizedTest
    @EnumSource(Discovery.class)
    void startupReadsOnlyMetasAndExistingMarksAndRestartsFromTheMetaCache(Discovery discovery, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        long[] millis = new long[2];
        for (int run = 0; run < 2; run++) {
            FaultyBucket counting = new FaultyBucket(bucket);
            long start = System.nanoTime();
            BucketStore store = new BucketStore(counting,
                    new BlockMetaFetcher(counting, tmp.resolve("data/meta-syncer"), pool,
                            List.of(new DeletionMarkFilter(counting, Duration.ofHours(24), Clock.systemUTC(), pool)),
                            discovery),
                    BucketStoreConfig.defaults(tmp.resolve("data")), new SimpleMeterRegistry());
            store.sync();
            millis[run] = (System.nanoTime() - start) / 1_000_000;
            assertThat(store.blockIds()).hasSize(BLOCKS - MARKED);
            // no index-header is built: no ranged read at all; metas are read once, then come from the disk cache
            assertThat(counting.reads(FaultyBucket.Read.GET_RANGE)).isZero();
            assertThat(counting.reads(FaultyBucket.Read.GET)).isEqualTo(run == 0 ? BLOCKS + MARKED : MARKED);
            assertThat(counting.reads(FaultyBucket.Read.EXISTS)).isZero();
            assertThat(counting.reads(FaultyBucket.Read.ITER)).isEqualTo(discovery == Discovery.CONCURRENT ? 1 + BLOCKS : 1);
            assertThat(store.info().labelSets()).hasSize(2);
            store.close();
        }
        System.out.printf("startup with %d blocks, %s discovery: first sync %d ms, restart with meta cache %d ms%n",
                BLOCKS, discovery, millis[0], millis[1]);
        // the 5 s target is measured on a quiet machine (benchmark figures); here only a coarse guard
        assertThat(millis[0]).isLessThan(30_000);
    }
}
