package io.jthanos.promql.engine;

/** Prometheus's {@code util/almost}: float comparison with a relative tolerance. */
public final class Almost {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    private Almost() {
    }

    /**
     * Whether {@code a} and {@code b} differ by less than their sum times {@code epsilon} (or, when one is 0 or
     * both are subnormal, by less than {@code epsilon} times the smallest normal double). Two NaNs are equal;
     * the stale marker equals only itself.
     */
    public static boolean equal(double a, double b, double epsilon) {
        boolean staleA = Double.doubleToRawLongBits(a) == STALE_NAN;
        boolean staleB = Double.doubleToRawLongBits(b) == STALE_NAN;
        if (staleA || staleB) {
            return staleA && staleB;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
