package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads everything a queryable holds into comparable form: labels → "t=v" strings. */
public final class HeadContent {
    private HeadContent() {}

    public static Map<Labels, List<String>> dump(Queryable q, Matcher... matchers) {
        Map<Labels, List<String>> out = new TreeMap<>();
        Matcher[] ms = matchers.length == 0 ? new Matcher[] {Matcher.regex("__name__", ".*")} : matchers;
        try (Querier querier = q.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = querier.select(true, null, ms);
            Labels previous = null;
            while (set.next()) {
                Labels ls = set.at().labels();
                if (previous != null && previous.compareTo(ls) >= 0) {
                    throw new AssertionError("series not sorted: " + previous + " before " + ls);
                }
                previous = ls;
                List<String> samples = new ArrayList<>();
                SampleIterator it = set.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    samples.add(sample(it.atT(), it.atF()));
                }
                out.put(ls, samples);
            }
        }
        return out;
    }

    public static String sample(long t, double v) {
        return t + "=" + v;
    }
}
