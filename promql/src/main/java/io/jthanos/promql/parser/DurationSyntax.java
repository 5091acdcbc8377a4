package io.jthanos.promql.parser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Duration strings as Prometheus's {@code model.ParseDuration}: {@code 1y2w3d4h5m6s7ms}, units descending. */
public final class DurationSyntax {

    private static final Pattern DURATION = Pattern.compile(
            "^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$");
    private static final long[] UNIT_MILLIS = {365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000,
        3600_000L, 60_000L, 1000L, 1L};

    private DurationSyntax() {
    }

    /**
     * Parses a duration to milliseconds.
     *
     * @throws IllegalArgumentException {@code not a valid duration string: "…"} or {@code duration out of range}
     */
    public static long parseMillis(String s) {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + GoStrings.quote(s));
        }
        java.math.BigInteger total = java.math.BigInteger.ZERO;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                total = total.add(new java.math.BigInteger(g).multiply(java.math.BigInteger.valueOf(UNIT_MILLIS[i])));
            }
        }
        // model.Duration is int64 nanoseconds in Go.
        if (total.compareTo(java.math.BigInteger.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            throw new IllegalArgumentException("duration out of range");
        }
        return total.longValueExact();
    }
}
