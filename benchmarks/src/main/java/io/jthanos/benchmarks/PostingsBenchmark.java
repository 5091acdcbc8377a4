package io.jthanos.benchmarks;

import io.jthanos.tsdb.index.Postings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Intersection of 2–4 postings lists of 1M sorted ids each (drawn from 0..4M): ms per intersection. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PostingsBenchmark {
    @Param({"2", "3", "4"})
    public int lists;

    long[][] ids;

    @Setup
    public void setup() {
        Random r = new Random(1);
        ids = new long[lists][];
        for (int l = 0; l < lists; l++) {
            long[] a = new long[1_000_000];
            long v = 0;
            for (int i = 0; i < a.length; i++) {
                v += 1 + r.nextInt(7); // mean gap 4
                a[i] = v;
            }
            ids[l] = a;
        }
    }

    @Benchmark
    public long intersect() {
        List<Postings> ps = new ArrayList<>(lists);
        for (long[] a : ids) {
            ps.add(Postings.of(a));
        }
        Postings p = Postings.intersect(ps);
        long n = 0;
        while (p.next()) {
            n += p.at();
        }
        return n;
    }

    @Benchmark
    public long merge() {
        List<Postings> ps = new ArrayList<>(lists);
        for (long[] a : ids) {
            ps.add(Postings.of(a));
        }
        Postings p = Postings.merge(ps);
        long n = 0;
        while (p.next()) {
            n += p.at();
        }
        return n;
    }
}
