package io.jthanos.benchmarks;

import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadAppender;
import io.jthanos.tsdb.head.HeadOptions;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Heap per series of a WAL-backed {@link Head} fed as receive feeds it: every append gets freshly
 * built labels (new strings, as a remote-write decoder makes them), so unlike {@link HeadLoad} the
 * label strings the head keeps are counted. Reports heap used after full GCs before and after, and
 * with {@code -Dhistogram=true} the largest classes ({@code jcmd <self> GC.class_histogram}).
 *
 * <pre>
 * java -Xmx4g [-Dhistogram=true] -cp … io.jthanos.benchmarks.HeadMemory [series=1000000] [samplesPerSeries=2]
 * </pre>
 */
public final class HeadMemory {
    private HeadMemory() {}

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("head-mem");
        HeadOptions options = HeadOptions.defaults()
                .withWal(WalOptions.defaults().withDurability(DurabilityMode.BATCHED_INTERVAL));
        long before = usedHeap();
        try (Head head = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry())) {
            long t0 = System.currentTimeMillis() - 3_600_000;
            long start = System.nanoTime();
            for (int s = 0; s < samples; s++) {
                HeadAppender app = head.appender();
                for (int i = 0; i < series; i++) {
                    long t = t0 + s * 15_000L;
                    // the values PrometheusMemory and ReceiveMemory send: arbitrary floats, not small integers
                    app.append(0, HeadLoad.realistic(i), t, i + s * 1e-3 + t * 1e-6);
                    if ((i + 1) % 2000 == 0) {
                        app.commit();
                    }
                }
                app.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedHeap();
            System.out.printf("head: %d series x %d samples in %.1f s; heap used after full GC: before %.1f MiB, after %.1f MiB, "
                    + "per series %.0f bytes%n", series, samples, seconds, before / 1048576.0, after / 1048576.0,
                    (after - before) / (double) series);
            if (Boolean.getBoolean("histogram")) {
                histogram().lines().limit(30).forEach(System.out::println);
            }
            if (head.numSeries() != series) {
                throw new IllegalStateException("head holds " + head.numSeries() + " series");
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String histogram() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = Files.createTempFile("histogram", ".txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return text;
    }
}
