package io.jthanos.promql.engine.functions;

/** Where Go's {@code math} package differs from {@link Math}. */
public final class GoMath {

    private GoMath() {
    }

    /** Go's {@code math.Pow}: {@code Pow(1, y) = 1} and {@code Pow(-1, ±Inf) = 1}, unlike Java. */
    public static double pow(double x, double y) {
        if (x == 1) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /** Go's {@code int64(f)} conversion for in-range values; saturates outside. */
    public static long toInt64(double f) {
        return (long) f;
    }

    private static final double LN2 = 6.93147180559945286227e-01;
    private static final double NEAR_ZERO = 1.0 / (1 << 28);
    private static final double LARGE = 1 << 28;

    /** Go's {@code math.Min}: {@code -Inf} wins over NaN, then NaN wins, then {@code -0 < +0}. */
    public static double min(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.min(x, y);
    }

    /** Go's {@code math.Max}: {@code +Inf} wins over NaN, then NaN wins, then {@code +0 > -0}. */
    public static double max(double x, double y) {
        if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(x, y);
    }

    /** Port of Go's {@code math.Asinh}. */
    public static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        double t;
        if (a > LARGE) {
            t = Math.log(a) + LN2;
        } else if (a > 2) {
            t = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else if (a < NEAR_ZERO) {
            t = a;
        } else {
            t = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return sign ? -t : t;
    }

    /** Port of Go's {@code math.Acosh}. */
    public static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= LARGE) {
            return Math.log(x) + LN2;
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    /** Port of Go's {@code math.Atanh}. */
    public static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        double t;
        if (a < NEAR_ZERO) {
            t = a;
        } else if (a < 0.5) {
            t = a + a;
            t = 0.5 * Math.log1p(t + t * a / (1 - a));
        } else {
            t = 0.5 * Math.log1p((a + a) / (1 - a));
        }
        return sign ? -t : t;
    }
}
