package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.RecordType;
import io.jthanos.tsdb.wal.Records;
import io.jthanos.tsdb.wal.SampleBatch;
import io.jthanos.tsdb.wal.WalOptions;
import io.jthanos.tsdb.wal.WalReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads append to shared and private series at once. The head must equal a sequential model
 * that applies the committed batches one after another in the order the WAL recorded them, and the
 * WAL must hold exactly the batches the threads committed; private series must hold everything.
 */
class HeadConcurrencyTest {
    @TempDir
    Path dir;

    private static final int THREADS = 8;
    private static final int BATCHES = 300;
    private static final int SHARED = 5;

    @Test
    void concurrentAppendersMatchASequentialModel() throws Exception {
        HeadOptions options = HeadOptions.defaults().withChunkRange(10_000)
                .withWal(WalOptions.defaults().withDurability(DurabilityMode.FSYNC_EACH_COMMIT).withSegmentSize(256 * 1024));
        Head head = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry());
        ConcurrentLinkedQueue<List<String>> committed = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int th = 0; th < THREADS; th++) {
            int id = th;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    Random rnd = new Random(id);
                    start.await();
                    HeadAppender app = head.appender();
                    long privateT = 0;
                    long seq = 0;
                    for (int b = 0; b < BATCHES; b++) {
                        List<String> batch = new ArrayList<>();
                        int n = 1 + rnd.nextInt(10);
                        for (int i = 0; i < n; i++) {
                            Labels ls;
                            long t;
                            if (rnd.nextBoolean()) {
                                ls = Labels.of("__name__", "shared", "s", "" + rnd.nextInt(SHARED));
                                t = b * 10L + rnd.nextInt(30); // overlaps other threads' times: some land out of order
                            } else {
                                ls = Labels.of("__name__", "private", "thread", "" + id, "s", "" + rnd.nextInt(3));
                                t = ++privateT;
                            }
                            double v = id * 1e9 + seq++;
                            try {
                                app.append(0, ls, t, v);
                                batch.add(ls + " " + HeadContent.sample(t, v));
                            } catch (AppendRejectedException e) {
                                // rejected against the series or the batch: not part of the batch
                            }
                        }
                        if (rnd.nextInt(10) == 0) {
                            app.rollback();
                        } else {
                            app.commit();
                            if (!batch.isEmpty()) {
                                committed.add(batch);
                            }
                        }
                    }
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        Map<Labels, List<String>> live = HeadContent.dump(head);
        head.close();

        // the WAL order is the commit order: replay it through a sequential model
        Map<Long, Labels> refs = new HashMap<>();
        List<List<String>> walBatches = new ArrayList<>();
        Map<Labels, List<String>> model = new TreeMap<>();
        Map<Labels, long[]> lastT = new HashMap<>();
        Map<Labels, Double> lastV = new HashMap<>();
        try (WalReader r = WalReader.open(dir.resolve("wal"))) {
            SampleBatch samples = new SampleBatch();
            while (r.next()) {
                if (RecordType.of(r.record(), r.length()) == RecordType.SERIES) {
                    Records.decodeSeries(r.record(), r.length(), refs::put);
                    continue;
                }
                Records.decodeSamples(r.record(), r.length(), samples);
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    Labels ls = refs.get(samples.ref(i));
                    long t = samples.t(i);
                    double v = samples.v(i);
                    batch.add(ls + " " + HeadContent.sample(t, v));
                    long[] last = lastT.computeIfAbsent(ls, k -> new long[] {Long.MIN_VALUE});
                    if (t > last[0]) {
                        last[0] = t;
                        lastV.put(ls, v);
                        model.computeIfAbsent(ls, k -> new ArrayList<>()).add(HeadContent.sample(t, v));
                    }
                }
                walBatches.add(batch);
            }
        }
        assertThat(walBatches).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(live).isEqualTo(model);
        for (int th = 0; th < THREADS; th++) {
            for (int s = 0; s < 3; s++) {
                Labels ls = Labels.of("__name__", "private", "thread", "" + th, "s", "" + s);
                long expected = committed.stream().flatMap(List::stream).filter(x -> x.startsWith(ls + " ")).count();
                assertThat(live.getOrDefault(ls, List.of())).hasSize((int) expected);
            }
        }
        long sharedInModel = model.entrySet().stream().filter(e -> "shared".equals(e.getKey().metricName())).mapToLong(e -> e.getValue().size()).sum();
        assertThat(sharedInModel).isPositive();

        Head reopened = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry());
        assertThat(HeadContent.dump(reopened)).isEqualTo(live);
        reopened.close();
    }
}
