package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockQuerier;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Block#open} of a whole block (meta.json, tombstones, segment files and index mapped and
 * checked) and closing it, in µs; and open + the first query of one series + close, the cost a store
 * pays for a block it has not touched yet. The block holds {@value #SERIES} series of 4 labels, one
 * 120-sample chunk each (15 s scrapes over 30 min), written by {@link BlockWriter} into a temporary
 * directory; the files stay in the page cache, so this measures our work, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class BlockOpenBenchmark {
    static final int SERIES = 200_000;
    static final int SAMPLES = 120;
    static final long START = 1_700_000_000_000L;

    Path parent;
    Path blockDir;
    BlockMeta meta;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        parent = Files.createTempDirectory("block-open-bench");
        List<Labels> series = new ArrayList<>(SERIES);
        for (int i = 0; i < SERIES; i++) {
            series.add(Labels.of("__name__", "metric_" + (i % 100), "instance", "host-" + (i / 100 % 1000) + ":9100",
                    "job", "job-" + (i % 7), "pod", "pod-" + (i / 100)));
        }
        series.sort(null);
        meta = new BlockWriter(parent).timeRange(START, START + 2 * 3_600_000L).write(new Generated(series));
        blockDir = parent.resolve(meta.ulid());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        FileTrees.delete(parent);
    }

    @Benchmark
    public long openClose() throws IOException {
        try (Block b = Block.open(blockDir)) {
            return b.meta().stats().numSeries();
        }
    }

    /** Open, select {@code metric_42{pod="pod-4242"}} and read its samples, close. */
    @Benchmark
    public long openFirstQueryClose() throws IOException {
        try (Block b = Block.open(blockDir); BlockQuerier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet s = q.select(false, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE),
                    Matcher.equal("__name__", "metric_42"), Matcher.equal("pod", "pod-4242"));
            long sum = 0;
            SampleIterator it = null;
            while (s.next()) {
                it = s.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    sum += it.atT();
                }
            }
            return sum;
        }
    }

    /** One XOR chunk per series: counters (even) and two-decimal gauges (odd). */
    private static final class Generated implements ChunkSeriesSet {
        private final List<Labels> series;
        private int i = -1;

        Generated(List<Labels> series) {
            this.series = series;
        }

        @Override
        public boolean next() {
            return ++i < series.size();
        }

        @Override
        public ChunkSeries at() {
            Labels l = series.get(i);
            int seed = i;
            return new ChunkSeries() {
                @Override
                public Labels labels() {
                    return l;
                }

                @Override
                public ChunkIterator chunks() {
                    XorChunk c = new XorChunk();
                    XorAppender a = c.appender();
                    for (int k = 0; k < SAMPLES; k++) {
                        a.append(START + k * 15_000L, seed % 2 == 0 ? seed + k * 3 : (seed * 31 + k * 7) % 10_000 / 100.0);
                    }
                    return ChunkIterator.of(List.of(new ChunkMeta(START, START + (SAMPLES - 1) * 15_000L, c)));
                }
            };
        }

        @Override
        public Annotations warnings() {
            return Annotations.EMPTY;
        }
    }
}
