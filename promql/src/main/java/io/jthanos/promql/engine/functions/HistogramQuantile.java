package io.jthanos.promql.engine.functions;

import io.jthanos.model.GoFloat;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.Almost;
import io.jthanos.promql.engine.EvalContext;
import io.jthanos.promql.engine.MetricName;
import io.jthanos.promql.engine.SeriesMerger;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.engine.Steps;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.PositionRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile} over classic histograms (series with an {@code le} label), a port of
 * Prometheus's {@code BucketQuantile}: buckets are sorted and coalesced, non-monotonic counts are
 * fixed (with an info annotation), and the quantile is interpolated linearly within its bucket.
 */
final class HistogramQuantile {

    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    private HistogramQuantile() {
    }

    private record Group(Labels labels, List<double[]> counts, List<Double> bounds, String metricName) {
    }

    static List<StepSeries> evaluate(double[] q, List<StepSeries> in, int steps, EvalContext ctx, PositionRange qPosition,
            PositionRange vectorPosition) {
        return evaluate(q, null, in, steps, ctx, qPosition, vectorPosition);
    }

    /** {@code histogram_fraction(lower, upper, buckets)} over classic histograms, Prometheus's {@code BucketFraction}. */
    static List<StepSeries> fraction(double[] lower, double[] upper, List<StepSeries> in, int steps, EvalContext ctx,
            PositionRange vectorPosition) {
        return evaluate(lower, upper, in, steps, ctx, null, vectorPosition);
    }

    /** Quantiles when {@code upper} is null, else fractions between {@code q} (the lower bounds) and {@code upper}. */
    private static List<StepSeries> evaluate(double[] q, double[] upperBounds, List<StepSeries> in, int steps,
            EvalContext ctx, PositionRange qPosition, PositionRange vectorPosition) {
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (StepSeries s : in) {
            String le = s.labels().get("le");
            double upper;
            try {
                upper = le == null ? Double.NaN : parseGoFloat(le);
            } catch (NumberFormatException e) {
                upper = Double.NaN;
            }
            if (Double.isNaN(upper)) {
                String name = s.labels().metricName();
                ctx.warn("bucket label \"le\" is missing or has a malformed value of " + GoStrings.quote(le == null ? "" : le)
                        + " for metric name " + GoStrings.quote(name == null ? "" : name), vectorPosition);
                continue;
            }
            // Buckets group by all labels but le, the name included; two histograms whose labels differ only
            // in the name collide in the output, which fails as in Prometheus.
            Labels key = s.labels().without(List.of("le"));
            Group g = groups.computeIfAbsent(key, k -> new Group(MetricName.drop(k), new ArrayList<>(), new ArrayList<>(),
                    s.labels().metricName()));
            g.counts().add(s.values());
            g.bounds().add(upper);
        }
        for (int i = 0; upperBounds == null && i < steps; i++) {
            double qi = q[i];
            if (Double.isNaN(qi) || qi < 0 || qi > 1) {
                ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(qi), qPosition);
                break;
            }
        }
        SeriesMerger out = new SeriesMerger(steps);
        for (Group g : groups.values()) {
            int n = g.bounds().size();
            double[] result = Steps.absent(steps);
            double[] bounds = new double[n];
            double[] counts = new double[n];
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Double.compare(g.bounds().get(a), g.bounds().get(b)));
            boolean forced = false;
            for (int i = 0; i < steps; i++) {
                int m = 0;
                for (int k = 0; k < n; k++) {
                    double c = g.counts().get(order[k])[i];
                    if (Steps.isPresent(c)) {
                        bounds[m] = g.bounds().get(order[k]);
                        counts[m] = c;
                        m++;
                    }
                }
                if (m == 0) {
                    continue;
                }
                if (upperBounds != null) {
                    result[i] = bucketFraction(q[i], upperBounds[i], bounds, counts, m);
                    continue;
                }
                double[] r = bucketQuantile(q[i], bounds, counts, m);
                result[i] = r[0];
                forced |= r[1] != 0;
            }
            if (forced) {
                ctx.info("input to histogram_quantile needed to be fixed for monotonicity (see "
                        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "
                        + GoStrings.quote(g.metricName() == null ? "" : g.metricName()), vectorPosition);
            }
            out.add(g.labels(), result);
        }
        return out.result();
    }

    /** Returns {quantile, forcedMonotonic ? 1 : 0}; bounds are sorted ascending. */
    static double[] bucketQuantile(double q, double[] sortedBounds, double[] countsIn, int size) {
        if (Double.isNaN(q)) {
            return new double[] {Double.NaN, 0};
        }
        if (q < 0) {
            return new double[] {Double.NEGATIVE_INFINITY, 0};
        }
        if (q > 1) {
            return new double[] {Double.POSITIVE_INFINITY, 0};
        }
        if (sortedBounds[size - 1] != Double.POSITIVE_INFINITY) {
            return new double[] {Double.NaN, 0};
        }
        // Coalesce buckets with the same upper bound.
        double[] bounds = new double[size];
        double[] counts = new double[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (n > 0 && bounds[n - 1] == sortedBounds[k]) {
                counts[n - 1] += countsIn[k];
            } else {
                bounds[n] = sortedBounds[k];
                counts[n] = countsIn[k];
                n++;
            }
        }
        boolean forced = false;
        double prev = counts[0];
        for (int k = 1; k < n; k++) {
            double curr = counts[k];
            if (curr == prev) {
                continue;
            }
            if (Almost.equal(prev, curr, SMALL_DELTA_TOLERANCE)) {
                counts[k] = prev;
                continue;
            }
            if (curr < prev) {
                counts[k] = prev;
                forced = true;
                continue;
            }
            prev = curr;
        }
        double f = forced ? 1 : 0;
        // Like BucketQuantile, these early returns report no monotonicity fix.
        if (n < 2) {
            return new double[] {Double.NaN, 0};
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return new double[] {Double.NaN, 0};
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && !(counts[b] >= rank)) {
            b++;
        }
        if (b == n - 1) {
            return new double[] {bounds[n - 2], f};
        }
        if (b == 0 && bounds[0] <= 0) {
            return new double[] {bounds[0], f};
        }
        double bucketStart = 0;
        double bucketEnd = bounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = bounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return new double[] {bucketStart + (bucketEnd - bucketStart) * (rank / count), f};
    }

    /** Port of Prometheus's {@code BucketFraction}; bounds are sorted ascending. */
    static double bucketFraction(double lower, double upper, double[] sortedBounds, double[] countsIn, int size) {
        if (sortedBounds[size - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double[] bounds = new double[size];
        double[] counts = new double[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (n > 0 && bounds[n - 1] == sortedBounds[k]) {
                counts[n - 1] += countsIn[k];
            } else {
                bounds[n] = sortedBounds[k];
                counts[n] = countsIn[k];
                n++;
            }
        }
        double count = counts[n - 1];
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        // Unlike bucketQuantile, the first bucket starts at -Inf: a bound inside it interpolates to NaN.
        double lowerBound = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                lowerBound = bounds[i - 1];
            }
            double upperBound = bounds[i];
            double bucketCount = counts[i];
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(rank, bucketCount, lowerBound, upperBound, lower);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(rank, bucketCount, lowerBound, upperBound, upper);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = bucketCount;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    private static double interpolate(double rank, double bucketCount, double lowerBound, double upperBound, double v) {
        return rank + (bucketCount - rank) * (v - lowerBound) / (upperBound - lowerBound);
    }

    /** Go's {@code strconv.ParseFloat} for label values: decimal, {@code +Inf}, {@code Inf}, {@code NaN}. */
    static double parseGoFloat(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "+inf", "inf", "+infinity", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || c == '_')) {
                        throw new NumberFormatException(s);
                    }
                }
                return Double.parseDouble(s.replace("_", ""));
            }
        }
    }
}
