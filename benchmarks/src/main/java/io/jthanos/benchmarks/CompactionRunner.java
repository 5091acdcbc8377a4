package io.jthanos.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.jthanos.compact.BlockCompactor;
import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.compact.merge.VerticalChunkMerger;
import io.jthanos.model.Labels;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Compaction throughput and peak heap (issue 10): writes {@code blocks} consecutive 2h blocks of {@code series}
 * series with {@code samples} samples per series and block (realistic counters and gauges, 120 samples per
 * chunk), then times the compactor's streaming merge of them into one block ({@link BlockCompactor}, as a
 * compaction group does after download). Reports wall time, the compacting thread's and the process's CPU time,
 * samples/s, the peak heap used (garbage included) and the largest heap left after a collection (an upper bound
 * of the live set), from GC notifications.
 *
 * <p>Run: {@code java -Xmx1g -cp $CP io.jthanos.benchmarks.CompactionRunner [series] [samples] [blocks] [dir]};
 * defaults 100000 240 4. Compare two {@code samples} values to see that the live set does not grow with them.
 */
public final class CompactionRunner {
    private static final long TWO_HOURS = 7_200_000;

    private CompactionRunner() {}

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("compaction-bench");
        List<Labels> labels = labels(series);
        List<Path> inputs = new ArrayList<>();
        long w0 = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            BlockMeta m = new BlockWriter(dir.resolve("in")).ulid(Ulid.generate()).timeRange(b * TWO_HOURS, (b + 1) * TWO_HOURS)
                    .thanos(BlockMeta.Thanos.of(Map.of("cluster", "eu"), "receive"))
                    .write(generated(labels, b * TWO_HOURS, samples, b));
            inputs.add(dir.resolve("in").resolve(m.ulid()));
        }
        long totalSamples = (long) series * samples * blocks;
        System.out.printf("wrote %d blocks of %,d series x %d samples in %.1f s; input %,d bytes%n", blocks, series,
                samples, (System.nanoTime() - w0) / 1e9, size(dir.resolve("in")));

        HeapWatch watch = HeapWatch.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process0 = os.getProcessCpuTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        BlockMeta out = new BlockCompactor(new VerticalChunkMerger(DedupFunc.EXACT))
                .compact(inputs, dir.resolve("out"), BlockMeta.Thanos.of(Map.of("cluster", "eu"), "compactor"))
                .orElseThrow();
        long wall = System.nanoTime() - t0;
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        long processCpu = os.getProcessCpuTime() - process0;
        if (out.stats().numSamples() != totalSamples || out.stats().numSeries() != series) {
            throw new AssertionError("compacted block has " + out.stats() + ", expected " + totalSamples + " samples");
        }
        System.out.printf("compacted %,d series, %,d samples: wall %.1f s (%.1f M samples/s), compacting thread CPU"
                + " %.1f s (%.1f M samples/s), process CPU (GC included) %.1f s; output %,d bytes%n", series,
                totalSamples, wall / 1e9, totalSamples / (wall / 1e9) / 1e6, cpu / 1e9, totalSamples / (cpu / 1e9) / 1e6,
                processCpu / 1e9, size(dir.resolve("out")));
        System.out.printf("heap: peak used %.0f MiB, largest after a GC %.0f MiB (baseline before %.0f MiB), max %.0f MiB%n",
                watch.peakUsed() / 1048576.0, watch.maxAfterGc() / 1048576.0, watch.baseline / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        watch.stop();
    }

    private static List<Labels> labels(int series) {
        List<Labels> out = new ArrayList<>(series);
        for (int i = 0; i < series; i++) {
            out.add(Labels.of("__name__", "metric_" + (i % 100), "instance", "host-" + (i / 100) + ":9100", "job",
                    "job-" + (i % 10)));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Series generated on the fly, one at a time: counters for even series, two-decimal gauges for odd ones. */
    private static ChunkSeriesSet generated(List<Labels> labels, long start, int samples, int seed) {
        return new ChunkSeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < labels.size();
            }

            @Override
            public ChunkSeries at() {
                Labels l = labels.get(i);
                List<ChunkMeta> chunks = chunks(start, samples, new SplittableRandom(seed * 1_000_003L + i), i % 2 == 0);
                return ChunkSeries.of(l, chunks);
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
    }

    private static List<ChunkMeta> chunks(long start, int samples, SplittableRandom r, boolean counter) {
        long step = TWO_HOURS / samples;
        List<ChunkMeta> out = new ArrayList<>();
        double v = counter ? r.nextInt(1000) : 50;
        for (int s = 0; s < samples; s += 120) {
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            int n = Math.min(120, samples - s);
            long first = start + s * step;
            long t = first;
            for (int k = 0; k < n; k++) {
                t = start + (s + k) * step + r.nextInt(20);
                v = counter ? v + r.nextInt(5) : Math.round((v + (r.nextInt(201) - 100) / 100.0) * 100) / 100.0;
                a.append(t, v);
            }
            out.add(new ChunkMeta(first, t, c));
        }
        return out;
    }

    private static long size(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Largest heap after a GC (from GC notifications) and peak heap used (sampled every 10 ms). */
    private static final class HeapWatch {
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong peakUsed = new AtomicLong();
        private final long baseline;
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapWatch(long baseline) {
            this.baseline = baseline;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += u.getUsed();
                    }
                    maxAfterGc.accumulateAndGet(used, Math::max);
                }, null, null);
            }
            sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapWatch start() {
            System.gc();
            return new HeapWatch(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        long peakUsed() {
            return peakUsed.get();
        }

        long maxAfterGc() {
            return maxAfterGc.get();
        }

        void stop() {
            running = false;
        }
    }
}
