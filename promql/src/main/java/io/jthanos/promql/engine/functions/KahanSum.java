package io.jthanos.promql.engine.functions;

/**
 * Kahan–Neumaier compensated summation as Prometheus's {@code kahanSumInc}: callers keep the running
 * sum and compensation in two doubles and add the compensation at the end.
 */
public final class KahanSum {

    private KahanSum() {
    }

    /** Returns the compensation after adding {@code inc} to {@code sum}; the new sum is {@code sum + inc}. */
    public static double compensation(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}
