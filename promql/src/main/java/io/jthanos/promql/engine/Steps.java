package io.jthanos.promql.engine;

import java.util.Arrays;

/**
 * Encoding of step values. Evaluated instant vectors hold one {@code double} per step; a step without
 * a value holds {@link #ABSENT}, a signalling-NaN payload distinct from Prometheus's stale marker and
 * from every NaN arithmetic produces. It is only ever stored and compared, never computed with.
 * Internal to the engine.
 */
public final class Steps {

    /** Prometheus's stale marker, {@code value.StaleNaN}. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    /** Prometheus's normal NaN, {@code value.NormalNaN}. */
    public static final long NORMAL_NAN_BITS = 0x7ff8000000000001L;
    private static final long ABSENT_BITS = 0x7ff0000000000005L;
    /** Marks a step without a value. */
    public static final double ABSENT = Double.longBitsToDouble(ABSENT_BITS);

    private Steps() {
    }

    public static boolean isAbsent(double v) {
        return Double.doubleToRawLongBits(v) == ABSENT_BITS;
    }

    public static boolean isPresent(double v) {
        return Double.doubleToRawLongBits(v) != ABSENT_BITS;
    }

    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /** A new array of {@code n} absent values. */
    public static double[] absent(int n) {
        double[] a = new double[n];
        Arrays.fill(a, ABSENT);
        return a;
    }

    /** Number of present values. */
    public static int countPresent(double[] values) {
        int n = 0;
        for (double v : values) {
            if (isPresent(v)) {
                n++;
            }
        }
        return n;
    }
}
