package io.jthanos.promql.differential;

import io.jthanos.promql.differential.Outcome.OutSeries;
import java.util.Arrays;
import java.util.List;

/**
 * Compares Prometheus's outcome with ours: both fail with the same error type and message, or both
 * succeed with the same result type, series (label sets), exact timestamps, values equal within
 * {@value #RELATIVE_TOLERANCE} relative (NaN equals NaN) and the same annotations.
 */
public final class OutcomeComparison {

    static final double RELATIVE_TOLERANCE = 1e-9;

    /** What the order of an instant vector must agree on. */
    public enum Order {
        /** Nothing: the order carries no meaning. */
        NONE,
        /** The sequence of values ({@code sort}, {@code sort_desc}; ties may come in any order). */
        VALUES,
        /** The sequence of label sets ({@code sort_by_label}, {@code sort_by_label_desc}). */
        LABELS
    }

    private OutcomeComparison() {
    }

    /**
     * Returns null when the outcomes agree, else what differs.
     *
     * @param order what the series order must agree on (instant results of the sort functions)
     */
    public static String difference(Outcome prometheus, Outcome ours, Order order) {
        if (prometheus.failed() || ours.failed()) {
            if (prometheus.failed() != ours.failed()) {
                return prometheus.failed()
                        ? "Prometheus fails (" + prometheus.errorType() + ": " + prometheus.error() + "), we return "
                                + summary(ours)
                        : "we fail (" + ours.errorType() + ": " + ours.error() + "), Prometheus returns " + summary(prometheus);
            }
            if (!prometheus.errorType().equals(ours.errorType()) || !prometheus.error().equals(ours.error())) {
                return "errors differ: Prometheus " + prometheus.errorType() + ": " + prometheus.error() + " | ours "
                        + ours.errorType() + ": " + ours.error();
            }
            return null;
        }
        if (!prometheus.resultType().equals(ours.resultType())) {
            return "result type: Prometheus " + prometheus.resultType() + ", ours " + ours.resultType();
        }
        if (prometheus.string() != null && !prometheus.string().equals(ours.string())) {
            return "string: Prometheus " + prometheus.string() + ", ours " + ours.string();
        }
        List<OutSeries> p = prometheus.sorted();
        List<OutSeries> o = ours.sorted();
        if (p.size() != o.size()) {
            return "series count: Prometheus " + p.size() + ", ours " + o.size() + firstMissing(p, o);
        }
        for (int i = 0; i < p.size(); i++) {
            String d = seriesDifference(p.get(i), o.get(i));
            if (d != null) {
                return d;
            }
        }
        for (int i = 0; order != Order.NONE && i < p.size(); i++) {
            OutSeries x = prometheus.series().get(i);
            OutSeries y = ours.series().get(i);
            boolean same = order == Order.LABELS ? x.key().equals(y.key()) : equal(x.values()[0], y.values()[0]);
            if (!same) {
                return "order at position " + i + ": Prometheus " + x.key() + " " + x.values()[0] + ", ours " + y.key()
                        + " " + y.values()[0];
            }
        }
        if (!prometheus.warnings().equals(ours.warnings())) {
            return "warnings: Prometheus " + prometheus.warnings() + ", ours " + ours.warnings();
        }
        if (!prometheus.infos().equals(ours.infos())) {
            return "infos: Prometheus " + prometheus.infos() + ", ours " + ours.infos();
        }
        return null;
    }

    private static String firstMissing(List<OutSeries> p, List<OutSeries> o) {
        java.util.Set<String> ours = new java.util.HashSet<>();
        o.forEach(s -> ours.add(s.key()));
        java.util.Set<String> theirs = new java.util.HashSet<>();
        p.forEach(s -> theirs.add(s.key()));
        for (OutSeries s : p) {
            if (!ours.contains(s.key())) {
                return "; e.g. only Prometheus has " + s.key();
            }
        }
        for (OutSeries s : o) {
            if (!theirs.contains(s.key())) {
                return "; e.g. only we have " + s.key();
            }
        }
        return "";
    }

    private static String seriesDifference(OutSeries p, OutSeries o) {
        if (!p.labels().equals(o.labels())) {
            return "labels: Prometheus " + p.key() + ", ours " + o.key();
        }
        if (!Arrays.equals(p.timestamps(), o.timestamps())) {
            return p.key() + " timestamps differ: Prometheus " + p.timestamps().length + " points "
                    + preview(p.timestamps()) + ", ours " + o.timestamps().length + " points " + preview(o.timestamps());
        }
        for (int i = 0; i < p.values().length; i++) {
            if (!equal(p.values()[i], o.values()[i])) {
                return p.key() + " at " + p.timestamps()[i] + ": Prometheus " + p.values()[i] + ", ours " + o.values()[i];
            }
        }
        return null;
    }

    static boolean equal(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    private static String preview(long[] ts) {
        return Arrays.toString(Arrays.copyOf(ts, Math.min(ts.length, 4))) + (ts.length > 4 ? "…" : "");
    }

    private static String summary(Outcome o) {
        return o.resultType() + " of " + o.series().size() + " series";
    }
}
