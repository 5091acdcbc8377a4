package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the float samples of selected series in a time range into primitive arrays. When the storage
 * also serves chunks ({@link ChunkQueryable}, as blocks and the StoreAPI do) it decodes them directly,
 * which spares a per-sample merge of the blocks' iterators; chunks of a series that overlap in time are
 * merged by timestamp, keeping the first sample of equal timestamps. A series that is one {@link FloatArrayChunk}
 * inside the range (samples the storage decoded itself, such as deduplicated replicas) keeps its arrays.
 */
final class SeriesLoader {

    private final Queryable queryable;
    private final EvalContext ctx;
    private long[] tsBuf = new long[256];
    private double[] vBuf = new double[256];
    /** The last chunk iterator, for the next chunk to recycle. */
    private SampleIterator spare;

    SeriesLoader(Queryable queryable, EvalContext ctx) {
        this.queryable = queryable;
        this.ctx = ctx;
    }

    /**
     * Loads samples with {@code minTimeExclusive < t <= maxTime} of all series matching {@code matchers}.
     *
     * @param keepStale keep stale markers (instant selectors need them; range windows drop them)
     */
    List<RawSeries> load(List<Matcher> matchers, long minTimeExclusive, long maxTime, SelectHints hints, boolean keepStale) {
        if (queryable instanceof ChunkQueryable chunks) {
            return loadChunks(chunks, matchers, minTimeExclusive, maxTime, hints, keepStale);
        }
        List<RawSeries> out = new ArrayList<>();
        Matcher[] ms = matchers.toArray(new Matcher[0]);
        long read = 0;
        try (Querier querier = queryable.querier(minTimeExclusive + 1, maxTime)) {
            SeriesSet set = querier.select(true, hints, ms);
            SampleIterator it = null;
            while (set.next()) {
                ctx.checkInterrupted("expression evaluation");
                Series s = set.at();
                it = s.iterator(it);
                int n = append(s.labels(), it, 0, minTimeExclusive, maxTime, keepStale);
                read += n;
                out.add(new RawSeries(s.labels(), Arrays.copyOf(tsBuf, n), Arrays.copyOf(vBuf, n), n));
            }
            ctx.merge(set.warnings());
        }
        ctx.countRead(read, out.size());
        return out;
    }

    private List<RawSeries> loadChunks(ChunkQueryable queryable, List<Matcher> matchers, long minTimeExclusive, long maxTime,
            SelectHints hints, boolean keepStale) {
        List<RawSeries> out = new ArrayList<>();
        Matcher[] ms = matchers.toArray(new Matcher[0]);
        // We filter samples by time ourselves, so chunks reaching outside the range need not be re-encoded.
        SelectHints whole = new SelectHints(hints.start(), hints.end(), hints.step(), hints.func(), hints.range(),
                hints.grouping(), hints.by(), true);
        long read = 0;
        try (ChunkQuerier querier = queryable.chunkQuerier(minTimeExclusive + 1, maxTime)) {
            ChunkSeriesSet set = querier.select(true, whole, ms);
            while (set.next()) {
                ctx.checkInterrupted("expression evaluation");
                ChunkSeries s = set.at();
                ChunkIterator chunks = s.chunks();
                ChunkMeta first = nextInRange(chunks, minTimeExclusive, maxTime);
                ChunkMeta second = first != null ? nextInRange(chunks, minTimeExclusive, maxTime) : null;
                if (second == null && first != null && first.chunk() instanceof FloatArrayChunk decoded
                        && within(decoded, minTimeExclusive, maxTime, keepStale)) {
                    // Samples decoded by the storage (deduplicated replicas): kept as they are, not copied.
                    read += decoded.size();
                    out.add(new RawSeries(s.labels(), decoded.timestamps(), decoded.values(), decoded.size()));
                    continue;
                }
                int n = 0;
                long lastT = Long.MIN_VALUE;
                boolean overlapping = false;
                ChunkMeta meta = first;
                while (meta != null) {
                    if (meta.minTime() <= lastT) {
                        overlapping = true;
                    }
                    n = append(s, meta.chunk(), n, minTimeExclusive, maxTime, keepStale);
                    lastT = Math.max(lastT, meta.maxTime());
                    meta = second != null ? second : nextInRange(chunks, minTimeExclusive, maxTime);
                    second = null;
                }
                if (overlapping) {
                    n = sortDedupe(n);
                }
                read += n;
                out.add(new RawSeries(s.labels(), Arrays.copyOf(tsBuf, n), Arrays.copyOf(vBuf, n), n));
            }
            ctx.merge(set.warnings());
        }
        ctx.countRead(read, out.size());
        return out;
    }

    /** The next chunk that holds samples in {@code (minTimeExclusive, maxTime]}, or {@code null}. */
    private static ChunkMeta nextInRange(ChunkIterator chunks, long minTimeExclusive, long maxTime) {
        while (chunks.next()) {
            ChunkMeta meta = chunks.at();
            if (meta.maxTime() > minTimeExclusive && meta.minTime() <= maxTime) {
                return meta;
            }
        }
        return null;
    }

    /** Whether every sample of {@code c} is in the range and is kept (stale markers only if {@code keepStale}). */
    private static boolean within(FloatArrayChunk c, long minTimeExclusive, long maxTime, boolean keepStale) {
        int size = c.size();
        if (size == 0 || c.timestamps()[0] <= minTimeExclusive || c.timestamps()[size - 1] > maxTime) {
            return false;
        }
        if (!keepStale) {
            double[] vs = c.values();
            for (int i = 0; i < size; i++) {
                if (Steps.isStale(vs[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Appends the samples of {@code chunk} in the range to the buffers, which hold {@code n}; the new count. */
    private int append(ChunkSeries s, Chunk chunk, int n, long minTimeExclusive, long maxTime, boolean keepStale) {
        Encoding encoding = chunk.encoding();
        if (encoding == Encoding.HISTOGRAM || encoding == Encoding.FLOAT_HISTOGRAM) {
            throw new QueryException.Evaluation(
                    "native histograms are not supported by this engine yet (series " + s.labels() + ")");
        }
        SampleIterator it;
        try {
            it = chunk.iterator(spare);
        } catch (UnsupportedOperationException e) {
            throw new QueryException.Evaluation(e.getMessage() + " (series " + s.labels() + ")");
        }
        spare = it;
        return append(s.labels(), it, n, minTimeExclusive, maxTime, keepStale);
    }

    /**
     * Appends the samples of {@code it} in {@code (minTimeExclusive, maxTime]} to the buffers, which hold {@code n};
     * the new count.
     */
    private int append(Labels labels, SampleIterator it, int n, long minTimeExclusive, long maxTime, boolean keepStale) {
        ValueType vt = it.seek(minTimeExclusive + 1);
        while (vt != ValueType.NONE) {
            if (vt != ValueType.FLOAT) {
                throw new QueryException.Evaluation(
                        "native histograms are not supported by this engine yet (series " + labels + ")");
            }
            long t = it.atT();
            if (t > maxTime) {
                break;
            }
            if (t > minTimeExclusive) {
                double v = it.atF();
                if (keepStale || !Steps.isStale(v)) {
                    if (n == tsBuf.length) {
                        tsBuf = Arrays.copyOf(tsBuf, n * 2);
                        vBuf = Arrays.copyOf(vBuf, n * 2);
                    }
                    tsBuf[n] = t;
                    vBuf[n] = v;
                    n++;
                }
            }
            vt = it.next();
        }
        return n;
    }

    /** Orders the first {@code n} buffered samples by time (stable) and keeps the first of equal timestamps. */
    private int sortDedupe(int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] ts = tsBuf;
        Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
        long[] t2 = new long[n];
        double[] v2 = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (m > 0 && t2[m - 1] == ts[k]) {
                continue;
            }
            t2[m] = ts[k];
            v2[m] = vBuf[k];
            m++;
        }
        System.arraycopy(t2, 0, tsBuf, 0, m);
        System.arraycopy(v2, 0, vBuf, 0, m);
        return m;
    }
}
