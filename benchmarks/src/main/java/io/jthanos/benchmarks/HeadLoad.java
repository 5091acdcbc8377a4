package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadAppender;
import io.jthanos.tsdb.head.HeadOptions;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Load harness for the head: series creation rate, append throughput for existing series with the WAL
 * on (1 and 2 threads, fsync per commit batch), heap per series, and WAL replay speed.
 *
 * <pre>
 * java -Xmx4g -cp … io.jthanos.benchmarks.HeadLoad [series=1000000] [samplesPerSeries=20] [batch=1000] [durability=FSYNC_EACH_COMMIT]
 * </pre>
 *
 * Labels are shaped like a Kubernetes scrape: 9 labels, values shared across series as in practice.
 */
public final class HeadLoad {
    private HeadLoad() {}

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samplesPerSeries = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        DurabilityMode durability = args.length > 3 ? DurabilityMode.valueOf(args[3]) : DurabilityMode.FSYNC_EACH_COMMIT;
        Path dir = Files.createTempDirectory("headload");
        HeadOptions options = HeadOptions.defaults().withWal(WalOptions.defaults().withDurability(durability));
        System.out.printf("series=%d samplesPerSeries=%d batch=%d durability=%s cores=%d%n", series, samplesPerSeries, batch,
                durability, Runtime.getRuntime().availableProcessors());
        try {
            Labels[] labels = new Labels[series];
            for (int i = 0; i < series; i++) {
                labels[i] = realistic(i);
            }
            long heapBefore = usedHeap();
            Head head = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry());
            long[] refs = new long[series];

            long start = System.nanoTime();
            HeadAppender app = head.appender();
            for (int i = 0; i < series; i++) {
                refs[i] = app.append(0, labels[i], 0, i);
                if ((i + 1) % batch == 0) {
                    app.commit();
                }
            }
            app.commit();
            report("series creation (1 thread)", series, "series", start);

            long t = 15_000;
            int rounds = Math.max(1, samplesPerSeries - 1);
            int firstHalf = rounds / 2;
            start = System.nanoTime();
            for (int r = 0; r < firstHalf; r++, t += 15_000) {
                appendAll(head, labels, refs, 0, series, t, batch);
            }
            report("append existing series (1 thread)", (long) firstHalf * series, "samples", start);

            start = System.nanoTime();
            for (int r = firstHalf; r < rounds; r++, t += 15_000) {
                long ts = t;
                List<Thread> threads = new ArrayList<>();
                for (int th = 0; th < 2; th++) {
                    int from = th * series / 2, to = (th + 1) * series / 2;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            appendAll(head, labels, refs, from, to, ts, batch);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }));
                }
                for (Thread th : threads) {
                    th.join();
                }
            }
            report("append existing series (2 threads)", (long) (rounds - firstHalf) * series, "samples", start);

            for (int i = 0; i < series; i++) {
                labels[i] = null; // the head holds its own canonical copies
            }
            long heapAfter = usedHeap();
            System.out.printf("heap per series: %.0f bytes (%d samples each, open chunks included)%n",
                    (heapAfter - heapBefore) / (double) series, samplesPerSeries);
            head.close();

            start = System.nanoTime();
            Head replayed = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry());
            double seconds = (System.nanoTime() - start) / 1e9;
            long samples = (long) series * samplesPerSeries;
            System.out.printf("restart: %d series and %d samples replayed in %.2f s = %.0f samples/s%n", replayed.numSeries(),
                    samples, seconds, samples / seconds);
            replayed.close();
        } finally {
            FileTrees.removeAll(dir);
        }
    }

    private static void appendAll(Head head, Labels[] labels, long[] refs, int from, int to, long t, int batch) throws Exception {
        HeadAppender app = head.appender();
        int n = 0;
        for (int i = from; i < to; i++) {
            app.append(refs[i], labels[i], t, i + t * 1e-3);
            if (++n % batch == 0) {
                app.commit();
            }
        }
        app.commit();
    }

    static Labels realistic(int i) {
        return Labels.of(
                "__name__", "http_server_requests_seconds_bucket",
                "namespace", "team-" + (i % 40),
                "job", "kubernetes-pods",
                "pod", "api-" + (i / 50) + "-x7k2p",
                "instance", "10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256) + ":8080",
                "method", i % 4 == 0 ? "POST" : "GET",
                "status", "" + (200 + (i % 3) * 100),
                "uri", "/api/v1/resource/" + (i % 50),
                "le", "" + (0.005 * (1 << (i % 10))));
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String what, long count, String unit, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: %d %s in %.2f s = %.0f %s/s%n", what, count, unit, seconds, count / seconds, unit);
    }
}
