package io.jthanos.store.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * The value syntaxes of Thanos's cache configs: Go's {@code time.ParseDuration} ({@code 500ms}, {@code 1m30s},
 * {@code 1.5h}; units {@code ns us µs ms s m h}, no days) and {@code units.ParseBase2Bytes} ({@code 1MiB},
 * {@code 5MB}, {@code 512KB}: {@code B} and {@code KB..EB} or {@code KiB..EiB}, all powers of 1024, one spelling
 * per value), both accepting a bare {@code 0}; and Go's {@code Duration.String()} for labels.
 */
final class GoUnits {
    private static final Map<String, Long> DURATION_UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final String[] PREFIXES = {"", "K", "M", "G", "T", "P", "E"};

    private GoUnits() {}

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException {@code invalid duration "<text>"} when it is not one
     */
    static Duration parseDuration(String text) {
        BigInteger nanos = parseUnits(text, DURATION_UNITS);
        if (nanos == null || nanos.bitLength() > 63) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * Parses a base-2 byte size.
     *
     * @throws IllegalArgumentException {@code invalid byte size "<text>"} when it is not one, or is negative
     */
    static long parseBytes(String text) {
        BigInteger bytes = parseUnits(text, byteUnits("iB"));
        if (bytes == null) {
            bytes = parseUnits(text, byteUnits("B"));
        }
        if (bytes == null || bytes.signum() < 0 || bytes.bitLength() > 63) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\" (e.g. 1MiB, 512KB, 0)");
        }
        return bytes.longValue();
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 500ms}, {@code 1.5µs}, {@code 1m30s}, {@code 24h0m0s}.
     */
    static String formatDuration(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (n < 0) {
            out.append('-');
            n = -n;
        }
        if (n < 1_000) {
            return out.append(n).append("ns").toString();
        }
        if (n < 1_000_000) {
            return out.append(decimal(n, 3)).append("µs").toString();
        }
        if (n < 1_000_000_000) {
            return out.append(decimal(n, 6)).append("ms").toString();
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = decimal(n % 60_000_000_000L, 9);
        if (hours > 0) {
            out.append(hours).append('h').append(minutes).append('m');
        } else if (minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(seconds).append('s').toString();
    }

    private static String decimal(long value, int scale) {
        return new BigDecimal(BigInteger.valueOf(value), scale).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Long> byteUnits(String suffix) {
        Map<String, Long> units = new java.util.HashMap<>();
        units.put("B", 1L);
        for (int i = 1; i < PREFIXES.length; i++) {
            units.put(PREFIXES[i] + suffix, 1L << (10 * i));
        }
        return units;
    }

    /** {@code [-+]?([0-9]*(\.[0-9]*)?unit)+} or a bare {@code 0}, in whole base units; null when malformed. */
    private static BigInteger parseUnits(String text, Map<String, Long> units) {
        String s = text.trim();
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return BigInteger.ZERO;
        }
        if (s.isEmpty()) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        int p = 0;
        while (p < s.length()) {
            int start = p;
            while (p < s.length() && (Character.isDigit(s.charAt(p)) || s.charAt(p) == '.')) {
                p++;
            }
            String number = s.substring(start, p);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return null;
            }
            int unitStart = p;
            while (p < s.length() && !Character.isDigit(s.charAt(p)) && s.charAt(p) != '.') {
                p++;
            }
            Long unit = units.get(s.substring(unitStart, p));
            if (unit == null) {
                return null;
            }
            total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
                    .multiply(BigDecimal.valueOf(unit)));
        }
        BigInteger whole = total.toBigInteger();
        return negative ? whole.negate() : whole;
    }
}
