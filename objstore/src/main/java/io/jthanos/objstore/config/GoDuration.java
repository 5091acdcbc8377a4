package io.jthanos.objstore.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as Thanos configs write them (Prometheus {@code model.Duration}, a superset of Go's
 * {@code time.Duration} for integers): {@code 1m30s}, {@code 2m}, {@code 90s}, {@code 500ms}, {@code 1h},
 * {@code 1d}, {@code 1w}, {@code 1y}, {@code 0}.
 */
public final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(y|w|d|h|ms|m|s|us|µs|ns))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(y|w|d|h|ms|m|s|us|µs|ns)");

    private GoDuration() {}

    /** Parses {@code text}, or throws {@link IllegalArgumentException} saying what is accepted. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (expected e.g. 90s, 1m30s, 2m, 500ms, 1h)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "y" -> Duration.ofDays(365 * n);
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                case "us", "µs" -> Duration.ofNanos(n * 1000);
                case "ns" -> Duration.ofNanos(n);
                default -> throw new IllegalStateException(m.group(2));
            });
        }
        return total;
    }
}
