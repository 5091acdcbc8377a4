package io.jthanos.benchmarks;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XOR chunk decode, seek and encode in ns/sample over 1000 chunks of 120 samples.
 * {@code realistic}: 15 s scrapes with rare jitter, counters and two-decimal gauges;
 * {@code random}: random timestamp deltas and full-precision random values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class XorBenchmark {
    static final int CHUNKS = 1000;
    static final int SAMPLES = 120;

    @Param({"realistic", "random"})
    public String data;

    XorChunk[] chunks;
    long[][] ts;
    double[][] vs;
    SampleIterator it;

    @Setup
    public void setup() {
        Random r = new Random(42);
        chunks = new XorChunk[CHUNKS];
        ts = new long[CHUNKS][SAMPLES];
        vs = new double[CHUNKS][SAMPLES];
        for (int c = 0; c < CHUNKS; c++) {
            long t = 1_700_000_000_000L + r.nextInt(15_000);
            double v = r.nextInt(1000);
            boolean counter = c % 2 == 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (data.equals("realistic")) {
                    t += 15_000 + (r.nextInt(50) == 0 ? r.nextInt(10) - 5 : 0);
                    v = counter ? v + r.nextInt(5) : Math.round(v * 100 + r.nextGaussian() * 50) / 100.0;
                } else {
                    t += 1 + r.nextInt(1_000_000);
                    v = Double.longBitsToDouble(r.nextLong() >>> 2);
                }
                ts[c][i] = t;
                vs[c][i] = v;
            }
            chunks[c] = encodeOne(c);
        }
    }

    private XorChunk encodeOne(int c) {
        XorChunk ch = new XorChunk();
        XorAppender a = ch.appender();
        for (int i = 0; i < SAMPLES; i++) {
            a.append(ts[c][i], vs[c][i]);
        }
        return ch;
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS * SAMPLES)
    public long decode() {
        long sum = 0;
        SampleIterator i = it;
        for (XorChunk c : chunks) {
            i = c.iterator(i);
            while (i.next() == ValueType.FLOAT) {
                sum += i.atT() + Double.doubleToRawLongBits(i.atF());
            }
        }
        it = i;
        return sum;
    }

    /** Seek to a timestamp in the second half of each chunk, then read the rest: ns per chunk. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public long seekThenRead() {
        long sum = 0;
        SampleIterator i = it;
        for (int c = 0; c < CHUNKS; c++) {
            i = chunks[c].iterator(i);
            if (i.seek(ts[c][SAMPLES * 3 / 4]) == ValueType.FLOAT) {
                do {
                    sum += i.atT();
                } while (i.next() == ValueType.FLOAT);
            }
        }
        it = i;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS * SAMPLES)
    public long encode() {
        long n = 0;
        for (int c = 0; c < CHUNKS; c++) {
            n += encodeOne(c).byteSize();
        }
        return n;
    }

    /** Bytes per sample of the encoded data (not a timing; printed by the setup of a run with -v EXTRA). */
    public double bytesPerSample() {
        long b = 0;
        for (XorChunk c : chunks) {
            b += c.byteSize();
        }
        return (double) b / (CHUNKS * SAMPLES);
    }
}
