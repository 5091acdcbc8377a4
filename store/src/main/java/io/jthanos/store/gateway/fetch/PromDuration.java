package io.jthanos.store.gateway.fetch;

/**
 * Parses Prometheus durations ({@code model.ParseDuration}): one or more {@code <int><unit>} terms with units
 * {@code y w d h m s ms} in decreasing order, e.g. {@code 1h30m}, {@code 2w}, or {@code 0}.
 */
public final class PromDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private PromDuration() {}

    /** The duration in milliseconds; {@link IllegalArgumentException} naming the text when malformed. */
    public static long parseMillis(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int i = 0;
        int lastUnit = -1;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
            }
            long n = Long.parseLong(s.substring(start, i));
            int unit = -1;
            if (s.startsWith("ms", i)) {
                unit = 6;
            } else if (i < s.length()) {
                unit = "ywdhms".indexOf(s.charAt(i));
            }
            if (unit < 0 || unit <= lastUnit) {
                throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
            }
            i += UNITS[unit].length();
            total = Math.addExact(total, Math.multiplyExact(n, MILLIS[unit]));
            lastUnit = unit;
        }
        return total;
    }
}
