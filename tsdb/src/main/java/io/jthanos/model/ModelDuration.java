package io.jthanos.model;

import java.time.Duration;

/**
 * Prometheus's {@code model.Duration} in text, as PromQL ranges, rule files and Thanos's flags write it:
 * {@code <integer><unit>} terms with units in the order {@code y w d h m s ms} ({@code 1h30m}, {@code 2w},
 * {@code 90d}), or a bare {@code 0}. A year is 365 days. Parsing follows {@code model.ParseDuration}, error
 * messages included; the value must fit Go's {@code time.Duration} (int64 nanoseconds).
 */
public final class ModelDuration {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_NANOS = {365L * 86_400_000_000_000L, 7L * 86_400_000_000_000L, 86_400_000_000_000L,
        3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final long[] UNIT_MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private ModelDuration() {
    }

    /**
     * The duration in milliseconds.
     *
     * @throws IllegalArgumentException with {@code model.ParseDuration}'s message: {@code empty duration string},
     *     {@code not a valid duration string: "…"}, {@code unknown unit "…" in duration "…"} or
     *     {@code duration out of range}
     */
    public static long parseMillis(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        String notValid = "not a valid duration string: " + GoQuote.quote(s);
        long nanos = 0; // unsigned, as Go's uint64
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digits = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                throw new IllegalArgumentException(notValid);
            }
            long v;
            try {
                v = Long.parseUnsignedLong(s.substring(digits, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(notValid);
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException(notValid);
            }
            String unitText = s.substring(unitStart, i);
            int unit = unitIndex(unitText);
            if (unit < 0) {
                throw new IllegalArgumentException("unknown unit " + GoQuote.quote(unitText) + " in duration " + GoQuote.quote(s));
            }
            if (unit <= lastUnit) {
                throw new IllegalArgumentException(notValid);
            }
            lastUnit = unit;
            if (Long.compareUnsigned(v, Long.divideUnsigned(Long.MIN_VALUE, UNIT_NANOS[unit])) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
            nanos += v * UNIT_NANOS[unit];
            if (Long.compareUnsigned(nanos, Long.MAX_VALUE) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return nanos / 1_000_000;
    }

    /** {@link #parseMillis} as a {@link Duration}. */
    public static Duration parse(String s) {
        return Duration.ofMillis(parseMillis(s));
    }

    /** {@code model.Duration.String()}: {@code 0s}, {@code 1h30m}, {@code 90d}; years and weeks only when exact. */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            out.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (i < 2 && ms % UNIT_MILLIS[i] != 0) {
                continue;
            }
            long v = ms / UNIT_MILLIS[i];
            if (v > 0) {
                out.append(v).append(UNITS[i]);
                ms -= v * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }

    /** {@link #format(long)} of a {@link Duration}'s milliseconds. */
    public static String format(Duration d) {
        return format(d.toMillis());
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
