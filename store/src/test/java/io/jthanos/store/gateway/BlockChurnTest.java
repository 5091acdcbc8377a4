package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.store.StoreException;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.DeduplicateFilter;
import io.jthanos.store.gateway.fetch.DeletionMarkFilter;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query storm while blocks appear, get compacted (the compacted block uploaded, its sources marked for deletion
 * and deleted) and are synced in and out: every answer is right (each sample's value checked, no sample twice), or
 * the query fails with a StoreException; never a wrong answer.
 */
class BlockChurnTest {
    private static final long HOUR = 3_600_000;
    private static final int SERIES = 20;
    /** The churn stops at this many hours of data; queries reach past it. */
    private static final long MAX_HOURS = 1_000;
    // The query range once ended at 100h: a fast run wrote 108 hours and the final query counted only the first
    // 100h and one sample (120020 of 129600 samples), which looked like a store bug.
    private static final long QUERY_END = 2 * MAX_HOURS * HOUR;
    @TempDir Path tmp;

    private BlockMeta write(long from, long to, List<String> sources) throws Exception {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable();
        for (int i = 0; i < SERIES; i++) {
            int n = (int) ((to - from) / 60_000);
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int k = 0; k < n; k++) {
                ts[k] = from + k * 60_000L;
                vs[k] = BucketStoreChaosTest.value(i, ts[k]);
            }
            // compacted blocks cut chunks differently, so duplicates could not hide as identical chunks
            db.add(Labels.of("__name__", "m", "i", String.format("%03d", i)), ts, vs, sources == null ? 20 : 45);
        }
        BlockMeta m = TestBlocks.write(tmp.resolve("blocks"), db, Labels.of("cluster", "eu"), from, to);
        if (sources != null) {
            m = new BlockMeta(m.ulid(), m.minTime(), m.maxTime(), m.stats(),
                    new BlockMeta.Compaction(2, sources, false, List.of(), false, List.of(), null), 1,
                    new BlockMeta.Thanos(1, m.thanos().labels(), 0, "compactor", null, m.thanos().files(), null, null, null, null, null), null);
            BlockMetaJson.write(tmp.resolve("blocks").resolve(m.ulid()), m);
        }
        return m;
    }

    /**
     * The samples of {@code answer} ("labels t" strings, series by series) cover every minute from 0 to some end
     * for each of the {@link #SERIES} series, at least up to {@code minHours}: a block skipped in the middle (its
     * sources dropped, the compacted block not taken) shows as a gap.
     */
    private static void assertNoGaps(List<String> answer, long minHours) {
        java.util.Map<String, Long> next = new java.util.LinkedHashMap<>();
        for (String s : answer) {
            int sp = s.lastIndexOf(' ');
            String series = s.substring(0, sp);
            long t = Long.parseLong(s.substring(sp + 1));
            long want = next.getOrDefault(series, 0L);
            assertThat(t).as("next sample of %s", series).isEqualTo(want);
            next.put(series, t + 60_000);
        }
        assertThat(next).hasSize(SERIES);
        assertThat(next.values()).allSatisfy(end -> assertThat(end).isGreaterThanOrEqualTo(minHours * HOUR));
    }

    @Test
    void queriesDuringBlockChurnAreRightOrFailCleanly() throws Exception {
        InMemoryBucket bucket = new InMemoryBucket();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        BucketStore store = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, pool,
                List.of(new DeletionMarkFilter(bucket, Duration.ZERO, Clock.systemUTC(), pool), new DeduplicateFilter())),
                BucketStoreConfig.defaults(tmp.resolve("data")), new SimpleMeterRegistry());
        List<BlockMeta> live = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            BlockMeta m = write(k * HOUR, (k + 1) * HOUR, null);
            TestBlocks.upload(bucket, tmp.resolve("blocks"), m.ulid());
            live.add(m);
        }
        store.sync();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> queriers = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            queriers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        assertNoGaps(BucketStoreChaosTest.query(store, 0, QUERY_END), 4);
                        ok.incrementAndGet();
                    } catch (StoreException e) {
                        failed.incrementAndGet();
                        failures.add(e.getMessage());
                    }
                }
                return null;
            }));
        }
        long next = 4;
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int compactions = 0;
        while (System.nanoTime() < deadline && next < MAX_HOURS) {
            BlockMeta fresh = write(next * HOUR, (next + 1) * HOUR, null);
            TestBlocks.upload(bucket, tmp.resolve("blocks"), fresh.ulid());
            next++;
            live.add(fresh);
            store.sync();
            // compact the two oldest raw 1h blocks into one
            BlockMeta a = live.remove(0);
            BlockMeta b = live.remove(0);
            List<String> sources = new ArrayList<>(a.compaction().sources());
            sources.addAll(b.compaction().sources());
            BlockMeta c = write(a.minTime(), b.maxTime(), sources);
            TestBlocks.upload(bucket, tmp.resolve("blocks"), c.ulid());
            store.sync();
            for (BlockMeta old : List.of(a, b)) {
                bucket.upload(old.ulid() + "/deletion-mark.json", ("{\"id\":\"" + old.ulid() + "\",\"version\":1,\"deletion_time\":"
                        + (System.currentTimeMillis() / 1000 - 1) + "}").getBytes(StandardCharsets.UTF_8));
            }
            store.sync();
            for (BlockMeta old : List.of(a, b)) {
                TestBlocks.delete(bucket, old.ulid());
            }
            live.add(0, c);
            live.sort(java.util.Comparator.comparingLong(BlockMeta::minTime));
            compactions++;
        }
        stop.set(true);
        for (Future<?> f : queriers) {
            f.get(); // an assertion error (wrong answer) surfaces here
        }
        store.sync();
        List<String> finalAnswer = BucketStoreChaosTest.query(store, 0, QUERY_END);
        assertThat(finalAnswer).hasSize((int) (SERIES * next * 60));
        assertNoGaps(finalAnswer, next);
        assertThat(compactions).isGreaterThan(2);
        assertThat(ok.get()).isGreaterThan(10);
        assertThat(failures).allSatisfy(m -> assertThat(m).containsAnyOf("not found", "no such", "NoSuchKey", "does not exist"));
        System.out.printf("churn: %d compactions, %d queries right, %d failed cleanly%n", compactions, ok.get(), failed.get());
        store.close();
        pool.shutdownNow();
    }
}
