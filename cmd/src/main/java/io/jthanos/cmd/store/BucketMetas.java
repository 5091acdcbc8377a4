package io.jthanos.cmd.store;

import io.jthanos.objstore.BucketReader;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.FetchResult;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Reads every block meta of a bucket for the {@code tools bucket} commands (no filters, no local cache). */
public final class BucketMetas {
    private BucketMetas() {}

    public static FetchResult fetch(BucketReader bucket, int concurrency) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().factory());
        try {
            return new BlockMetaFetcher(bucket, null, pool, List.of()).fetch();
        } finally {
            pool.shutdownNow();
        }
    }

    public static List<BlockMeta> all(BucketReader bucket) throws IOException {
        return new ArrayList<>(fetch(bucket, 32).metas().values());
    }
}
