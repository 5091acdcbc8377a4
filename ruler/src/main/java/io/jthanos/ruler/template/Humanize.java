package io.jthanos.ruler.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Prometheus's {@code humanize*} template functions ({@code template/template.go}): SI and binary
 * prefixes, durations, percentages and timestamps, all with four significant digits.
 */
public final class Humanize {
    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
    private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Humanize() {}

    /** {@code humanize}: 1234567 → {@code 1.235M}, 0.001234 → {@code 1.234m}. */
    public static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        if (Math.abs(v) >= 1) {
            String prefix = "";
            for (String p : BIG) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return g4(v) + prefix;
        }
        return g4Small(v, "");
    }

    /** {@code humanize1024}: 1048576 → {@code 1Mi}. */
    public static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        String prefix = "";
        for (String p : BINARY) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return g4(v) + prefix;
    }

    /** {@code humanizeDuration} of seconds: 93784 → {@code 1d 2h 3m 4s}, 1.5 → {@code 1.5s}, 0.0015 → {@code 1.5ms}. */
    public static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        if (v == 0) {
            return g4(v) + "s";
        }
        if (Math.abs(v) >= 1) {
            String sign = "";
            if (v < 0) {
                sign = "-";
                v = -v;
            }
            long whole = (long) v;
            long seconds = whole % 60;
            long minutes = whole / 60 % 60;
            long hours = whole / 3600 % 24;
            long days = whole / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + g4(v) + "s";
        }
        return g4Small(v, "s");
    }

    /** {@code humanizePercentage}: 0.1234 → {@code 12.34%}. */
    public static String humanizePercentage(double v) {
        return g4(v * 100) + "%";
    }

    /** {@code humanizeTimestamp} of Unix seconds, printed like Go's {@code time.Time}: {@code 2015-09-25 15:18:08.5 +0000 UTC}. */
    public static String humanizeTimestamp(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        long nanos = (long) (v * 1e9);
        long millis = Math.floorDiv(nanos, 1_000_000L);
        return goTime(Instant.ofEpochMilli(millis));
    }

    /** Go's {@code time.Time.String()} in UTC, with trailing-zero-free fractional seconds. */
    static String goTime(Instant t) {
        StringBuilder out = new StringBuilder(GO_TIME.format(t.atOffset(ZoneOffset.UTC)));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos).replaceFirst("0+$", "");
            out.append('.').append(frac);
        }
        return out.append(" +0000 UTC").toString();
    }

    private static String g4Small(double v, String suffix) {
        String prefix = "";
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return g4(v) + prefix + suffix;
    }

    private static String g4(double v) {
        return GoFloat.format(v, 4);
    }
}
