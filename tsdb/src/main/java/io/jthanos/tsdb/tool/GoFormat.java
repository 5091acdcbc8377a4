package io.jthanos.tsdb.tool;

import java.math.BigDecimal;

/** Go's formatting of floats ({@code %g}) and durations ({@code time.Duration.String}), for tool output. */
public final class GoFormat {
    private GoFormat() {}

    /** {@code fmt.Sprintf("%g", v)}: shortest representation, exponent form when the decimal exponent is < -4 or >= 6. */
    public static String formatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        // Double.toString yields the shortest digits that round-trip (JDK 19+), like Go's shortest mode.
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        if (digits.length() == 2) {
            // Java prints at least two significant digits (4.9E-324); Go's shortest may need only one.
            String one = shorterDigit(Math.abs(v), digits, exp);
            if (one != null) {
                if (one.length() > 1) { // rounding 9.x up to 10
                    exp++;
                    one = "1";
                }
                digits = one;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (v < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (exp < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exp - 1));
            sb.append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits);
            sb.append("0".repeat(exp + 1 - digits.length()));
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }

    private static String shorterDigit(double abs, String digits, int exp) {
        int d = digits.charAt(0) - '0';
        String best = null;
        BigDecimal bestErr = null;
        for (int c = d; c <= d + 1; c++) {
            BigDecimal cand = BigDecimal.valueOf(c).scaleByPowerOfTen(exp);
            if (cand.doubleValue() == abs) {
                BigDecimal err = cand.subtract(new BigDecimal(abs)).abs();
                if (bestErr == null || err.compareTo(bestErr) < 0) {
                    bestErr = err;
                    best = Integer.toString(c);
                }
            }
        }
        return best;
    }

    /** Go's {@code time.Duration(ms * 1e6).String()}. */
    public static String duration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        boolean neg = millis < 0;
        long u = Math.abs(millis);
        StringBuilder sb = new StringBuilder();
        if (u < 1000) {
            sb.append(u).append("ms");
        } else {
            long secs = u / 1000;
            long frac = u % 1000;
            long h = secs / 3600;
            long m = (secs / 60) % 60;
            long s = secs % 60;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(s);
            if (frac > 0) {
                String f = String.format("%03d", frac).replaceAll("0+$", "");
                sb.append('.').append(f);
            }
            sb.append('s');
        }
        return (neg ? "-" : "") + sb;
    }
}
