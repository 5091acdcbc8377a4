package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.tsdb.block.PostingsForMatchers;
import io.jthanos.tsdb.index.ChunkRefMeta;
import io.jthanos.tsdb.index.IndexReader;
import io.jthanos.tsdb.index.IndexWriter;
import io.jthanos.tsdb.index.Postings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
 * A 1M-series index: open time, and series lookup by matchers (postings plus decoding the matching
 * series), in µs per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class IndexBenchmark {
    static final int SERIES = 1_000_000;

    Path dir;
    Path file;
    IndexReader reader;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("index-bench");
        file = dir.resolve("index");
        List<Labels> series = new ArrayList<>(SERIES);
        TreeSet<String> symbols = new TreeSet<>(Labels::compareStrings);
        for (int i = 0; i < SERIES; i++) {
            Labels l = Labels.of("__name__", "metric_" + (i % 100), "instance", "host-" + (i / 100 % 1000) + ":9100",
                    "job", "job-" + (i % 7), "pod", "pod-" + (i / 100));
            series.add(l);
        }
        series.sort(null);
        for (Labels l : series) {
            l.forEach((n, v) -> {
                symbols.add(n);
                symbols.add(v);
            });
        }
        symbols.add("");
        try (IndexWriter w = IndexWriter.create(file)) {
            for (String s : symbols) {
                w.addSymbol(s);
            }
            long ref = 8;
            for (Labels l : series) {
                w.addSeries(l, List.of(new ChunkRefMeta(0, 7_199_999, ref)));
                ref += 200;
            }
        }
        reader = IndexReader.open(file);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public int open() throws IOException {
        try (IndexReader r = IndexReader.open(file)) {
            return r.symbolCount();
        }
    }

    /** {@code metric_42{job="job-3"}}: about 1,430 series, decoded. */
    @Benchmark
    public long selectEqualAndDecode() throws IOException {
        return select(Matcher.equal("__name__", "metric_42"), Matcher.equal("job", "job-3"));
    }

    /** {@code metric_42{instance=~"host-1.*", job!="job-3"}}: regex over 1000 values, then subtraction. */
    @Benchmark
    public long selectRegexAndDecode() throws IOException {
        return select(Matcher.equal("__name__", "metric_42"), Matcher.regex("instance", "host-1.*"), Matcher.notEqual("job", "job-3"));
    }

    private long select(Matcher... ms) throws IOException {
        Postings p = PostingsForMatchers.select(reader, ms);
        List<ChunkRefMeta> chunks = new ArrayList<>();
        long n = 0;
        while (p.next()) {
            n += reader.series(p.at(), chunks).size();
        }
        return n;
    }
}
