package io.jthanos.compact.downsample;

import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import io.jthanos.tsdb.downsample.CounterResetsIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The downsampling arithmetic of Thanos ({@code pkg/compact/downsample/downsample.go}), kept
 * byte-for-byte: raw samples become aggregate chunks of windows ending at
 * {@code t - t % resolution + resolution - 1}, and aggregate chunks are downsampled again along their
 * chunk boundaries so counters keep their true first and last values.
 */
public final class Downsampling {
    /** Raw data. */
    public static final long RES_RAW = 0;
    /** 5 minutes. */
    public static final long RES_5M = 5 * 60 * 1000;
    /** 1 hour. */
    public static final long RES_1H = 60 * 60 * 1000;
    /** A raw block is downsampled to 5m once it spans 40 hours. */
    public static final long RES_5M_RANGE = 40L * 60 * 60 * 1000;
    /** A 5m block is downsampled to 1h once it spans 10 days. */
    public static final long RES_1H_RANGE = 10L * 24 * 60 * 60 * 1000;

    private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private Downsampling() {}

    /** The end of the window of {@code t} (inclusive). */
    static long currentWindow(long t, long r) {
        return t - (t % r) + r - 1;
    }

    static double rangeFullness(long mint, long maxt, long step, int count) {
        double f = (double) count / ((double) (maxt - mint) / (double) step);
        return f > 1 ? 1 : f;
    }

    /** How many chunks to cut a series into so that they average at most 140 samples. */
    static int targetChunkCount(long mint, long maxt, long inRes, long outRes, int count) {
        double maxSamples = (double) ((maxt - mint) / outRes);
        int expSamples = (int) (maxSamples * rangeFullness(mint, maxt, inRes, count)) + 1;
        int x = 1;
        while (expSamples / x > 140) {
            x++;
        }
        return x;
    }

    static boolean isStaleNaN(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /**
     * Appends the samples of one chunk to {@code buf}, skipping stale markers and samples going back in
     * time (the check starts at timestamp 0 for every chunk, as in Thanos).
     */
    static void expand(SampleIterator it, SampleBuffer buf) {
        long lastT = 0;
        ValueType vt;
        while ((vt = it.next()) != ValueType.NONE) {
            if (vt != ValueType.FLOAT) {
                throw new UnsupportedOperationException("downsampling native histograms is not supported yet");
            }
            double v = it.atF();
            if (isStaleNaN(v)) {
                continue;
            }
            long t = it.atT();
            if (t >= lastT) {
                buf.add(t, v);
                lastT = t;
            }
        }
    }

    /** The samples of {@code raw} as the raw path reads them from chunks (stale markers dropped); for tests. */
    static SampleBuffer expandForTest(SampleBuffer raw) {
        SampleBuffer out = new SampleBuffer();
        for (int k = 0; k < raw.n; k++) {
            if (!isStaleNaN(raw.v[k])) {
                out.add(raw.t[k], raw.v[k]);
            }
        }
        return out;
    }

    /** Called at the end of each window with the window's timestamp and statistics. */
    @FunctionalInterface
    interface WindowSink {
        void add(long t, Aggregator a);
    }

    /**
     * Aggregates {@code buf[from, to)} per window of {@code resolution}, calling {@code sink} at each
     * window end; the last window's timestamp is capped at the last sample's.
     *
     * @return the timestamp of the last window
     */
    static long downsampleBatch(long[] ts, double[] vs, int from, int to, long resolution, WindowSink sink) {
        Aggregator aggr = new Aggregator();
        long nextT = -1;
        long lastT = ts[to - 1];
        for (int k = from; k < to; k++) {
            double v = vs[k];
            if (isStaleNaN(v)) {
                continue;
            }
            long t = ts[k];
            if (t > nextT) {
                if (nextT != -1) {
                    sink.add(nextT, aggr);
                }
                aggr.reset();
                nextT = currentWindow(t, resolution);
                if (nextT > lastT) {
                    nextT = lastT;
                }
            }
            aggr.add(v);
        }
        sink.add(nextT, aggr);
        return nextT;
    }

    /** Builds the five aggregate sub-chunks of one output chunk. */
    private static final class Builder {
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        final XorChunk[] chunks = new XorChunk[5];
        final XorAppender[] apps = new XorAppender[5];

        static Builder full() {
            Builder b = new Builder();
            for (int k = 0; k < 5; k++) {
                b.open(k);
            }
            return b;
        }

        void open(int k) {
            chunks[k] = new XorChunk();
            apps[k] = chunks[k].appender();
        }

        void add(long t, Aggregator a) {
            if (t < mint) {
                mint = t;
            }
            if (t > maxt) {
                maxt = t;
            }
            apps[AggrType.SUM.index()].append(t, a.sum);
            apps[AggrType.MIN.index()].append(t, a.min);
            apps[AggrType.MAX.index()].append(t, a.max);
            apps[AggrType.COUNT.index()].append(t, a.count);
            apps[AggrType.COUNTER.index()].append(t, a.counter);
        }

        ChunkMeta encode() {
            return new ChunkMeta(mint, maxt, AggrChunk.encode(chunks));
        }
    }

    /**
     * Downsamples raw samples {@code buf} (sorted) to {@code resolution} (Thanos {@code DownsampleRaw}).
     */
    static List<ChunkMeta> downsampleRaw(SampleBuffer buf, long resolution) {
        if (buf.n == 0) {
            return List.of();
        }
        long[] ts = buf.t;
        double[] vs = buf.v;
        int n = buf.n;
        // Thanos assumes one-minute raw samples for sizing chunks.
        int numChunks = targetChunkCount(ts[0], ts[n - 1], 60 * 1000, resolution, n);
        int batchSize = n / numChunks + 1;
        List<ChunkMeta> out = new ArrayList<>(numChunks);
        long[] bt = new long[Math.min(n, batchSize * 2 + 16)];
        double[] bv = new double[bt.length];
        int start = 0;
        while (start < n) {
            int j = Math.min(start + batchSize, n);
            long curW = currentWindow(ts[j - 1], resolution);
            while (j < n && ts[j] <= curW) {
                j++;
            }
            if (bt.length < j - start) {
                bt = new long[j - start];
                bv = new double[j - start];
            }
            int m = 0;
            for (int k = start; k < j; k++) {
                if (Double.isNaN(vs[k])) {
                    continue;
                }
                bt[m] = ts[k];
                bv[m] = vs[k];
                m++;
            }
            start = j;
            if (m == 0) {
                continue;
            }
            Builder ab = Builder.full();
            XorAppender counter = ab.apps[AggrType.COUNTER.index()];
            counter.append(bt[0], bv[0]);
            long lastT = downsampleBatch(bt, bv, 0, m, resolution, ab::add);
            counter.append(lastT, bv[m - 1]);
            out.add(ab.encode());
        }
        return out;
    }

    /**
     * Downsamples aggregate chunks of one series ({@code inRes}) to {@code outRes} (Thanos
     * {@code downsampleAggr}), batching whole input chunks.
     */
    static List<ChunkMeta> downsampleAggr(List<AggrChunk> chks, long mint, long maxt, long inRes, long outRes) {
        int numSamples = 0;
        for (AggrChunk c : chks) {
            numSamples += c.numSamples();
        }
        int numChunks = targetChunkCount(mint, maxt, inRes, outRes, numSamples);
        int batchSize = Math.max(1, chks.size() / numChunks);
        List<ChunkMeta> out = new ArrayList<>(numChunks);
        SampleBuffer buf = new SampleBuffer();
        for (int start = 0; start < chks.size(); start += batchSize) {
            out.add(downsampleAggrBatch(chks.subList(start, Math.min(chks.size(), start + batchSize)), buf, outRes));
        }
        return out;
    }

    private interface AggrValue {
        double of(Aggregator a);
    }

    private static ChunkMeta downsampleAggrBatch(List<AggrChunk> chks, SampleBuffer buf, long resolution) {
        Builder ab = new Builder();
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        // Counts are summed: the count of a coarser window is the sum of the finer windows' counts.
        aggregate(ab, chks, buf, resolution, range, AggrType.COUNT, a -> a.sum);
        aggregate(ab, chks, buf, resolution, range, AggrType.SUM, a -> a.sum);
        aggregate(ab, chks, buf, resolution, range, AggrType.MIN, a -> a.min);
        aggregate(ab, chks, buf, resolution, range, AggrType.MAX, a -> a.max);

        List<SampleIterator> counters = new ArrayList<>(chks.size());
        for (AggrChunk c : chks) {
            XorChunk sub = c.get(AggrType.COUNTER);
            if (sub != null) {
                counters.add(sub.iterator(null));
            }
        }
        buf.clear();
        CounterResetsIterator it = new CounterResetsIterator(counters);
        expand(it, buf);
        if (buf.n > 0) {
            int k = AggrType.COUNTER.index();
            ab.open(k);
            XorAppender app = ab.apps[k];
            app.append(buf.t[0], buf.v[0]);
            long lastT = downsampleBatch(buf.t, buf.v, 0, buf.n, resolution, (t, a) -> {
                track(range, t);
                app.append(t, a.counter);
            });
            app.append(lastT, it.lastRawValue());
        }
        ab.mint = range[0];
        ab.maxt = range[1];
        return ab.encode();
    }

    private static void aggregate(Builder ab, List<AggrChunk> chks, SampleBuffer buf, long resolution, long[] range,
            AggrType at, AggrValue f) {
        buf.clear();
        for (AggrChunk c : chks) {
            XorChunk sub = c.get(at);
            if (sub != null) {
                expand(sub.iterator(null), buf);
            }
        }
        if (buf.n == 0) {
            return;
        }
        int k = at.index();
        ab.open(k);
        XorAppender app = ab.apps[k];
        downsampleBatch(buf.t, buf.v, 0, buf.n, resolution, (t, a) -> {
            track(range, t);
            app.append(t, f.of(a));
        });
    }

    /** Thanos's {@code if t < mint {…} else if t > maxt {…}}, kept as is. */
    private static void track(long[] range, long t) {
        if (t < range[0]) {
            range[0] = t;
        } else if (t > range[1]) {
            range[1] = t;
        }
    }
}
