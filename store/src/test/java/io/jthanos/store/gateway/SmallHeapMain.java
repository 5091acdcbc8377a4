package io.jthanos.store.gateway;

import io.jthanos.model.Matcher;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Run by {@link SmallHeapTest} in a JVM with a small heap: serves a bucket whose chunks exceed the heap, first with
 * a chunk pool smaller than the query needs (expects a clean RESOURCE_EXHAUSTED, then a small query), then with a
 * large pool (expects the whole query to stream through). Prints one line per step.
 */
public final class SmallHeapMain {
    private SmallHeapMain() {}

    public static void main(String[] args) throws Exception {
        Path bucketDir = Path.of(args[0]);
        Path dataDir = Path.of(args[1]);
        System.out.println("HEAP " + Runtime.getRuntime().maxMemory());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        FilesystemBucket bucket = new FilesystemBucket(bucketDir);
        for (long poolSize : new long[] {4L << 20, 1L << 30}) {
            BucketStore store = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, pool, List.of()),
                    BucketStoreConfig.defaults(dataDir).withChunkPoolSize(poolSize), new SimpleMeterRegistry());
            store.sync();
            try {
                long[] r = run(store, Matcher.equal("__name__", "big"));
                System.out.println("BIG ok series=" + r[0] + " bytes=" + r[1]);
            } catch (StoreException e) {
                System.out.println("BIG failed " + e.code() + " " + e.getMessage());
            }
            long[] small = run(store, Matcher.equal("i", "0007"));
            System.out.println("SMALL ok series=" + small[0] + " bytes=" + small[1] + " poolUsed=" + store.chunkPool().used());
            store.close();
        }
        pool.shutdownNow();
    }

    private static long[] run(BucketStore store, Matcher m) {
        long[] out = new long[2];
        store.series(SeriesRequest.of(0, Long.MAX_VALUE, m), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                out[0]++;
                for (StoreChunk c : s.chunks()) {
                    out[1] += c.data().byteSize();
                }
            }

            @Override
            public void onWarning(String w) {}
        });
        return out;
    }
}
