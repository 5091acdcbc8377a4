package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up with 1,000 blocks in S3 (s3proxy): the first sync lists the bucket once and reads 1,000 metas
 * concurrently and builds no index-header; a restart takes the metas from the local meta cache and only checks
 * that they still exist. Prints the times (recorded as figures).
 */
class ManyBlocksStartupTest {
    private static final int BLOCKS = 1000;
    @TempDir Path tmp;

    @Test
    void startupWithAThousandBlocksReadsOnlyMetasAndRestartsFromTheMetaCache() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try (S3ProxyServer s3 = S3ProxyServer.start();
                Bucket bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry())) {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                long min = i * 7_200_000L;
                String id = Ulid.generate().toString();
                BlockMeta m = new BlockMeta(id, min, min + 7_200_000L, null, null, 1,
                        BlockMeta.Thanos.of(Map.of("cluster", "eu", "replica", Integer.toString(i % 2)), "receive"), null);
                uploads.add(pool.submit(() -> {
                    bucket.upload(id + "/chunks/000001", new byte[64]);
                    bucket.upload(id + "/index", new byte[64]);
                    bucket.upload(id + "/meta.json", BlockMetaJson.toJson(m).getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> f : uploads) {
                f.get();
            }
            long[] millis = new long[2];
            for (int run = 0; run < 2; run++) {
                FailingBucket counting = new FailingBucket(bucket);
                long start = System.nanoTime();
                BucketStore store = new BucketStore(counting,
                        new BlockMetaFetcher(counting, tmp.resolve("data/meta-syncer"), pool, List.of()),
                        BucketStoreConfig.defaults(tmp.resolve("data")), new SimpleMeterRegistry());
                store.sync();
                millis[run] = (System.nanoTime() - start) / 1_000_000;
                assertThat(store.blockIds()).hasSize(BLOCKS);
                // no index-header is built: no ranged read at all; metas are read once, then come from the disk cache
                assertThat(counting.getRanges.get()).isZero();
                assertThat(counting.gets.get()).isEqualTo(run == 0 ? BLOCKS : 0);
                assertThat(counting.existsCalls.get()).isEqualTo(run == 0 ? 0 : BLOCKS);
                assertThat(store.info().labelSets()).hasSize(2);
                store.close();
            }
            System.out.printf("startup with %d blocks: first sync %d ms, restart with meta cache %d ms%n", BLOCKS,
                    millis[0], millis[1]);
            // the 5 s target is measured on a quiet machine (benchmark figures); here only a coarse guard
            assertThat(millis[0]).isLessThan(30_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
