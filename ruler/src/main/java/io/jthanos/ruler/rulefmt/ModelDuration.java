package io.jthanos.ruler.rulefmt;

import java.time.Duration;
import java.util.Map;

/**
 * Prometheus's {@code model.Duration} text form: {@code <int><unit>} terms in the order
 * {@code y w d h m s ms} ({@code 1h30m}, {@code 2w}) or {@code 0}, with the error messages of
 * {@code model.ParseDuration}.
 */
public final class ModelDuration {
    private static final Map<String, long[]> UNITS = Map.of(
            "ms", new long[] {1, 1}, "s", new long[] {1000, 2}, "m", new long[] {60_000, 3}, "h", new long[] {3_600_000, 4},
            "d", new long[] {86_400_000, 5}, "w", new long[] {604_800_000, 6}, "y", new long[] {31_536_000_000L, 7});

    private ModelDuration() {}

    /** @throws IllegalArgumentException with Prometheus's message */
    public static Duration parse(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        String bad = "not a valid duration string: \"" + s + "\"";
        long millis = 0;
        long lastRank = Long.MAX_VALUE;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException(bad);
            }
            long v;
            try {
                v = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(bad);
            }
            int unitStart = i;
            while (i < s.length() && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException(bad);
            }
            String unit = s.substring(unitStart, i);
            long[] u = UNITS.get(unit);
            if (u == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + s + "\"");
            }
            if (u[1] >= lastRank) {
                throw new IllegalArgumentException(bad);
            }
            lastRank = u[1];
            try {
                millis = Math.addExact(millis, Math.multiplyExact(v, u[0]));
                Math.multiplyExact(millis, 1_000_000L);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return Duration.ofMillis(millis);
    }

    /** Prometheus's {@code model.Duration.String()}: {@code 0s}, {@code 1h30m}, {@code 2w}, {@code 1y}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[][] units = {{31_536_000_000L}, {604_800_000}, {86_400_000}, {3_600_000}, {60_000}, {1000}, {1}};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < names.length; i++) {
            long unit = units[i][0];
            if (i < 2 && ms % unit != 0) {
                continue;
            }
            long v = ms / unit;
            if (v > 0) {
                out.append(v).append(names[i]);
                ms -= v * unit;
            }
        }
        return out.toString();
    }
}
