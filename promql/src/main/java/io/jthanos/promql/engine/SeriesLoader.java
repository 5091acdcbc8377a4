package io.jthanos.promql.engine;

import io.jthanos.model.Matcher;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the float samples of selected series in a time range into primitive arrays. */
final class SeriesLoader {

    private final Queryable queryable;
    private final EvalContext ctx;
    private long[] tsBuf = new long[256];
    private double[] vBuf = new double[256];

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
                int n = 0;
                ValueType vt = it.seek(minTimeExclusive + 1);
                while (vt != ValueType.NONE) {
                    if (vt != ValueType.FLOAT) {
                        throw new QueryException.Evaluation(
                                "native histograms are not supported by this engine yet (series " + s.labels() + ")");
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
                read += n;
                out.add(new RawSeries(s.labels(), Arrays.copyOf(tsBuf, n), Arrays.copyOf(vBuf, n), n));
            }
            ctx.merge(set.warnings());
        }
        ctx.countRead(read, out.size());
        return out;
    }
}
