package io.jthanos.benchmarks;

import io.jthanos.query.XorChunkDecoder;
import io.jthanos.query.dedup.PenaltyDedupArrays;
import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The querier's penalty dedup alone ({@link PenaltyDedupArrays}), as {@link FanOutBenchmark}'s data gives it: 1,000
 * pairs of counter series, 4 h at 15 s in chunks of 120 samples, replica B scraped 2 ms after A. Prints the thread
 * CPU time of deduplicating all pairs once (median of 31 rounds after 30 of warm-up), the figure to compare
 * between two builds of the dedup. {@code DedupRunner [counter]}: {@code counter} turns on the counter adjustment
 * as {@code rate} does.
 */
public final class DedupRunner {
    private static final int PAIRS = 1000;
    private static final int SAMPLES = 960;
    private static final long T0 = 1_700_006_400_000L;

    private DedupRunner() {}

    public static void main(String[] args) {
        boolean counter = args.length > 0 && args[0].equals("counter");
        List<List<StoreChunk>> a = new ArrayList<>();
        List<List<StoreChunk>> b = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            a.add(replica(0, i));
            b.add(replica(2, i));
        }
        PenaltyDedupArrays dedup = new PenaltyDedupArrays();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[31];
        long check = 0;
        for (int round = -30; round < ms.length; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PAIRS; i++) {
                FloatArrayChunk r = dedup.dedup(a.get(i), b.get(i), XorChunkDecoder.INSTANCE::decode, counter,
                        Long.MIN_VALUE, Long.MAX_VALUE, null);
                if (r.numSamples() != SAMPLES) {
                    throw new IllegalStateException("pair " + i + " deduplicated to " + r.numSamples() + " samples");
                }
                check += r.timestamps()[SAMPLES - 1];
            }
            if (round >= 0) {
                ms[round] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("penalty dedup%s of %d pairs x %d samples: %.2f ms thread CPU (median; min %.2f) [%d]%n",
                counter ? " (counter)" : "", PAIRS, SAMPLES, ms[ms.length / 2], ms[0], check & 1);
    }

    /** A counter series with the {@code FanOutBenchmark} shape, timestamps shifted by {@code offset} ms. */
    private static List<StoreChunk> replica(long offset, int series) {
        List<StoreChunk> chunks = new ArrayList<>();
        XorChunk chunk = null;
        XorAppender app = null;
        long min = 0;
        double v = 0;
        for (int s = 0; s < SAMPLES; s++) {
            long t = T0 + s * 15_000L + offset;
            v += (series % 7) + (s % 3);
            if (chunk == null) {
                chunk = new XorChunk();
                app = chunk.appender();
                min = t;
            }
            app.append(t, v);
            if (s % 120 == 119 || s == SAMPLES - 1) {
                chunks.add(new StoreChunk(min, t, Encoding.XOR, MemorySegment.ofArray(chunk.toByteArray())));
                chunk = null;
            }
        }
        return chunks;
    }
}
