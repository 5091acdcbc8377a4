package io.jthanos.promql.engine.functions;

import java.util.Arrays;

/**
 * Quantile of a set of floats with linear interpolation, as Prometheus's {@code quantile}. Prometheus
 * sorts with {@code vectorByValueHeap.Less}, where NaN is less than every number, so NaNs come first.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /** Quantile {@code q} of the first {@code n} values; sorts them in place. */
    public static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Sorts the first {@code n} values ascending with NaNs first. */
    static void sortNaNFirst(double[] values, int n) {
        Arrays.sort(values, 0, n);
        int nans = 0;
        while (nans < n && Double.isNaN(values[n - 1 - nans])) {
            nans++;
        }
        if (nans > 0 && nans < n) {
            System.arraycopy(values, 0, values, nans, n - nans);
            Arrays.fill(values, 0, nans, Double.NaN);
        }
    }
}
