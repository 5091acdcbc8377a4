package io.jthanos.ruler.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Go's JSON forms of times and floats in Prometheus's rules and alerts APIs. */
final class GoJson {
    private GoJson() {}

    /** RFC 3339 with as many fraction digits as needed; Go's zero time for 0. */
    static String time(long millis) {
        if (millis == 0) {
            return "0001-01-01T00:00:00Z";
        }
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }

    /** {@code strconv.FormatFloat(v, 'e', -1, 64)}: {@code 1e+00}, {@code 1.5e+03}, {@code NaN}, {@code +Inf}. */
    static String floatE(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - d.scale() - 1;
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        if (Math.abs(exp) < 10) {
            out.append('0');
        }
        return out.append(Math.abs(exp)).toString();
    }
}
