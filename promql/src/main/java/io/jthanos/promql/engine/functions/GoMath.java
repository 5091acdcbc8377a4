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
}
