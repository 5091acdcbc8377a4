package io.jthanos.benchmarks;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.io.IOException;
import java.util.Arrays;
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

/**
 * XOR chunk decode, seek and encode. JMH scores are µs per pass over the whole data set;
 * {@link CpuTimeRunner} divides by {@link #samples} (or the chunk count) for ns/sample. Data sets:
 * <ul>
 * <li>{@code real}: the chunks Prometheus 3.5 wrote while scraping two Prometheus servers every 5 s
 *     ({@link ScrapedXorChunks}, a committed fixture collected at low load: 1,074 chunks), decoded as
 *     Prometheus wrote them. About a third of its delta-of-deltas are still not 0 (scrapes that started
 *     more than the 2 ms alignment tolerance late), and 56 % of its samples are "dod 0, value unchanged";
 * <li>{@code real-aligned}: the same values with every timestamp moved to its chunk's 5 s grid, as the
 *     same scrapes would be stored where they start within the tolerance (a derived set);
 * <li>{@code jittered}: 1000 synthetic chunks of 120 samples, 15 s scrapes with 2 % of the intervals
 *     off by -5..+4 ms, half counters (+0..4), half two-decimal gauges changing every sample (called
 *     "realistic" until session 3; harsher than what Prometheus stores, since it aligns timestamps);
 * <li>{@code random}: random timestamp deltas (≤ 1000 s) and full-precision random values;
 * <li>{@code prom-xorread}: 1000 copies of the single chunk of Prometheus's own {@code BenchmarkXorRead}
 *     ({@code tsdb/chunkenc/xor_test.go}: 120 samples 1 s apart, value {@code i + i/10 + i/100 + i/1000}).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class XorBenchmark {
    static final int CHUNKS = 1000;
    static final int SAMPLES = 120;
    static final String[] DATA = {"real", "real-aligned", "jittered", "random", "prom-xorread"};
    /** Of the {@code real} set's scrapes, ms. */
    static final long SCRAPE_INTERVAL = 5000;

    @Param({"real", "real-aligned", "jittered", "random", "prom-xorread"})
    public String data;

    XorChunk[] chunks;
    long[][] ts;
    double[][] vs;
    /** Samples in the whole data set. */
    long samples;
    SampleIterator it;

    @Setup
    public void setup() throws IOException {
        if (data.startsWith("real")) {
            List<byte[]> real = ScrapedXorChunks.load();
            chunks = new XorChunk[real.size()];
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = XorChunk.wrap(real.get(c));
            }
            ts = new long[chunks.length][];
            vs = new double[chunks.length][];
            for (int c = 0; c < chunks.length; c++) {
                int n = chunks[c].numSamples();
                ts[c] = new long[n];
                vs[c] = new double[n];
                SampleIterator i = chunks[c].iterator(null);
                for (int k = 0; i.next() == ValueType.FLOAT; k++) {
                    ts[c][k] = i.atT();
                    vs[c][k] = i.atF();
                }
                if (!Arrays.equals(encodeOne(c).toByteArray(), real.get(c))) {
                    throw new IllegalStateException("chunk " + c + " of the fixture does not re-encode to Prometheus's bytes");
                }
                if (data.equals("real-aligned")) {
                    // the scrape grid of the chunk's first sample; a missed scrape stays a gap
                    for (int k = 1; k < n; k++) {
                        ts[c][k] = ts[c][0] + Math.round((ts[c][k] - ts[c][0]) / (double) SCRAPE_INTERVAL) * SCRAPE_INTERVAL;
                    }
                    chunks[c] = encodeOne(c);
                }
            }
        } else {
            Random r = new Random(42);
            chunks = new XorChunk[CHUNKS];
            ts = new long[CHUNKS][SAMPLES];
            vs = new double[CHUNKS][SAMPLES];
            for (int c = 0; c < CHUNKS; c++) {
                long t = 1_700_000_000_000L + r.nextInt(15_000);
                double v = r.nextInt(1000);
                boolean counter = c % 2 == 0;
                for (int i = 0; i < SAMPLES; i++) {
                    switch (data) {
                        case "jittered" -> {
                            t += 15_000 + (r.nextInt(50) == 0 ? r.nextInt(10) - 5 : 0);
                            v = counter ? v + r.nextInt(5) : Math.round(v * 100 + r.nextGaussian() * 50) / 100.0;
                        }
                        case "random" -> {
                            t += 1 + r.nextInt(1_000_000);
                            v = Double.longBitsToDouble(r.nextLong() >>> 2);
                        }
                        case "prom-xorread" -> {
                            t = i * 1000L;
                            v = (double) t + t / 10.0 + t / 100.0 + t / 1000.0;
                        }
                        default -> throw new IllegalArgumentException("unknown data set " + data);
                    }
                    ts[c][i] = t;
                    vs[c][i] = v;
                }
                chunks[c] = encodeOne(c);
            }
        }
        samples = 0;
        for (long[] t : ts) {
            samples += t.length;
        }
    }

    private XorChunk encodeOne(int c) {
        XorChunk ch = new XorChunk();
        XorAppender a = ch.appender();
        long[] t = ts[c];
        double[] v = vs[c];
        for (int i = 0; i < t.length; i++) {
            a.append(t[i], v[i]);
        }
        return ch;
    }

    @Benchmark
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

    /** Decoding alone: a seek past the end decodes every chunk without stepping through its samples. */
    @Benchmark
    public long decodeOnly() {
        long sum = 0;
        SampleIterator i = it;
        for (XorChunk c : chunks) {
            i = c.iterator(i);
            sum += i.seek(Long.MAX_VALUE).ordinal();
        }
        it = i;
        return sum;
    }

    /** Seek to the sample at 3/4 of each chunk, then read the rest. */
    @Benchmark
    public long seekThenRead() {
        long sum = 0;
        SampleIterator i = it;
        for (int c = 0; c < chunks.length; c++) {
            i = chunks[c].iterator(i);
            if (i.seek(ts[c][ts[c].length * 3 / 4]) == ValueType.FLOAT) {
                do {
                    sum += i.atT();
                } while (i.next() == ValueType.FLOAT);
            }
        }
        it = i;
        return sum;
    }

    @Benchmark
    public long encode() {
        long n = 0;
        for (int c = 0; c < chunks.length; c++) {
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
        return (double) b / samples;
    }
}
