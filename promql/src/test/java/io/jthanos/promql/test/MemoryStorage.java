package io.jthanos.promql.test;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory {@link Queryable} over sorted primitive arrays, for engine tests before a real TSDB.
 * It records the hints of every select so tests can check what the engine pushes down.
 */
public final class MemoryStorage implements Queryable {

    private static final class Data {
        long[] t = new long[8];
        double[] v = new double[8];
        int n;

        void add(long ts, double value) {
            if (n > 0 && ts <= t[n - 1]) {
                throw new IllegalArgumentException("out-of-order sample at " + ts);
            }
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            t[n] = ts;
            v[n] = value;
            n++;
        }
    }

    private final TreeMap<Labels, Data> series = new TreeMap<>();
    private final List<SelectHints> selects = new ArrayList<>();

    /** Appends a sample; timestamps of one series must increase. */
    public void add(Labels labels, long timestamp, double value) {
        series.computeIfAbsent(labels, l -> new Data()).add(timestamp, value);
    }

    public void clear() {
        series.clear();
        selects.clear();
    }

    /** Hints of all selects so far. */
    public List<SelectHints> selects() {
        return selects;
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new Querier() {
            @Override
            public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
                selects.add(hints);
                List<Series> out = new ArrayList<>();
                for (var e : series.entrySet()) {
                    if (!Matcher.matchAll(e.getKey(), List.of(matchers))) {
                        continue;
                    }
                    Data d = e.getValue();
                    int lo = 0;
                    while (lo < d.n && d.t[lo] < minTime) {
                        lo++;
                    }
                    int hi = lo;
                    while (hi < d.n && d.t[hi] <= maxTime) {
                        hi++;
                    }
                    if (hi > lo) {
                        out.add(new ArraySeries(e.getKey(), d.t, d.v, lo, hi));
                    }
                }
                return new ListSeriesSet(out);
            }

            @Override
            public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
                TreeSet<String> values = new TreeSet<>();
                for (Labels l : series.keySet()) {
                    if (Matcher.matchAll(l, List.of(matchers)) && l.get(name) != null) {
                        values.add(l.get(name));
                    }
                }
                return new LabelQueryResult(new ArrayList<>(values), Annotations.EMPTY);
            }

            @Override
            public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
                TreeSet<String> names = new TreeSet<>();
                for (Labels l : series.keySet()) {
                    if (Matcher.matchAll(l, List.of(matchers))) {
                        names.addAll(l.names());
                    }
                }
                return new LabelQueryResult(new ArrayList<>(names), Annotations.EMPTY);
            }

            @Override
            public void close() {
            }
        };
    }

    private record ListSeriesSet(List<Series> list, int[] pos) implements SeriesSet {
        ListSeriesSet(List<Series> list) {
            this(list, new int[] {-1});
        }

        @Override
        public boolean next() {
            return ++pos[0] < list.size();
        }

        @Override
        public Series at() {
            return list.get(pos[0]);
        }

        @Override
        public Annotations warnings() {
            return Annotations.EMPTY;
        }
    }

    private record ArraySeries(Labels labels, long[] t, double[] v, int lo, int hi) implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            return new ArrayIterator(t, v, lo, hi);
        }
    }

    private static final class ArrayIterator implements SampleIterator {
        private final long[] t;
        private final double[] v;
        private final int lo;
        private final int hi;
        private int i;

        ArrayIterator(long[] t, double[] v, int lo, int hi) {
            this.t = t;
            this.v = v;
            this.lo = lo;
            this.hi = hi;
            this.i = lo - 1;
        }

        @Override
        public ValueType next() {
            if (i < hi) {
                i++;
            }
            return i < hi ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public ValueType seek(long ts) {
            if (i < lo) {
                i = lo;
            }
            while (i < hi && t[i] < ts) {
                i++;
            }
            return i < hi ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public long atT() {
            return t[i];
        }

        @Override
        public double atF() {
            return v[i];
        }
    }
}
