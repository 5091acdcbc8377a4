package io.jthanos.query.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes a float as Prometheus's {@code jsonutil.MarshalValue} does (without the quotes), straight into a
 * byte array: Go's {@code strconv.AppendFloat(v, 'f', -1, 64)}, or {@code 'e'} form below 1e-6 and from
 * 1e21 ({@code 7.36e-07}, {@code 1e+21}), and {@code NaN}, {@code +Inf}, {@code -Inf}, {@code -0}.
 *
 * <p>Go and Java both print the shortest decimal that reads back as the same double, choosing the closest
 * one among equally short ones, so the digits come from {@link StringBuilder#append(double)} and only the
 * layout is Go's. The one known difference is in deep subnormals, where Java may print two digits although
 * one would do ({@code 4.9E-324} where Go prints {@code 5e-324}); those take Go's algorithm on exact
 * decimals. {@link ResultJson#goFloat} is the simple reference this must always equal.
 */
final class SampleValueFormat {
    /** Bytes {@link #write} may need at most (a sign, 17 digits, {@code 0.00000} and a point). */
    static final int MAX_LENGTH = 32;

    // Below this a double has so few significant bits that Java's and Go's shortest digits can differ.
    private static final double SUBNORMAL_LIMIT = 1e-318;
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] POS_INF = {'+', 'I', 'n', 'f'};
    private static final byte[] NEG_INF = {'-', 'I', 'n', 'f'};

    // Per-thread scratch space: the shortest digits of one double.
    private final StringBuilder text = new StringBuilder(32);
    private final byte[] digits = new byte[20];

    /**
     * Writes {@code v} at {@code dst[pos]}, which must have room for {@link #MAX_LENGTH} bytes.
     *
     * @return the position after the last byte written
     */
    int write(double v, byte[] dst, int pos) {
        if (v != v) {
            return put(NAN, dst, pos);
        }
        if (v == Double.POSITIVE_INFINITY) {
            return put(POS_INF, dst, pos);
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return put(NEG_INF, dst, pos);
        }
        if (v == 0) {
            if (Double.doubleToRawLongBits(v) < 0) {
                dst[pos++] = '-';
            }
            dst[pos] = '0';
            return pos + 1;
        }
        double a = Math.abs(v);
        if (a < 1e15) {
            long l = (long) v;
            if (l == v) {
                return writeLong(l, dst, pos);
            }
        }
        if (v < 0) {
            dst[pos++] = '-';
        }
        int n;
        int dp;
        if (a < SUBNORMAL_LIMIT) {
            String exact = goShortest(a);
            n = exact.indexOf('e');
            for (int i = 0; i < n; i++) {
                digits[i] = (byte) exact.charAt(i);
            }
            dp = Integer.parseInt(exact, n + 1, exact.length(), 10);
        } else {
            // Java's shortest digits: "123.45", "0.00123" or "1.2345E-7"; value = 0.<digits> * 10^dp.
            text.setLength(0);
            text.append(a);
            int len = text.length();
            n = 0;
            int point = -1;
            int exponent = 0;
            boolean leading = true;
            int leadingZeros = 0;
            for (int i = 0; i < len; i++) {
                char c = text.charAt(i);
                if (c == '.') {
                    point = n + leadingZeros;
                } else if (c == 'E') {
                    exponent = Integer.parseInt(text, i + 1, len, 10);
                    break;
                } else if (leading && c == '0') {
                    leadingZeros++;
                } else {
                    leading = false;
                    digits[n++] = (byte) c;
                }
            }
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
            dp = point - leadingZeros + exponent;
        }
        if (a < 1e-6 || a >= 1e21) {
            return exponentForm(n, dp, dst, pos);
        }
        return plainForm(n, dp, dst, pos);
    }

    /** Go's {@code %e} with shortest digits: {@code d[.ddd]e±XX}. */
    private int exponentForm(int n, int dp, byte[] dst, int pos) {
        dst[pos++] = digits[0];
        if (n > 1) {
            dst[pos++] = '.';
            System.arraycopy(digits, 1, dst, pos, n - 1);
            pos += n - 1;
        }
        dst[pos++] = 'e';
        int e = dp - 1;
        if (e < 0) {
            dst[pos++] = '-';
            e = -e;
        } else {
            dst[pos++] = '+';
        }
        if (e < 10) {
            dst[pos++] = '0';
            dst[pos++] = (byte) ('0' + e);
            return pos;
        }
        if (e >= 100) {
            dst[pos++] = (byte) ('0' + e / 100);
            e %= 100;
        }
        dst[pos++] = (byte) ('0' + e / 10);
        dst[pos++] = (byte) ('0' + e % 10);
        return pos;
    }

    /** Go's {@code %f} with shortest digits. */
    private int plainForm(int n, int dp, byte[] dst, int pos) {
        if (dp <= 0) {
            dst[pos++] = '0';
        } else {
            for (int i = 0; i < dp; i++) {
                dst[pos++] = i < n ? digits[i] : (byte) '0';
            }
        }
        if (n > dp) {
            dst[pos++] = '.';
            for (int i = dp; i < 0; i++) {
                dst[pos++] = '0';
            }
            for (int i = Math.max(dp, 0); i < n; i++) {
                dst[pos++] = digits[i];
            }
        }
        return pos;
    }

    /** Writes a long in decimal. */
    static int writeLong(long l, byte[] dst, int pos) {
        if (l < 0) {
            if (l == Long.MIN_VALUE) {
                return put(LONG_MIN, dst, pos);
            }
            dst[pos++] = '-';
            l = -l;
        }
        int end = pos + digitCount(l);
        int i = end;
        while (l > Integer.MAX_VALUE) {
            long q = l / 100;
            int r = (int) (l - q * 100);
            dst[--i] = DIGIT_PAIRS[2 * r + 1];
            dst[--i] = DIGIT_PAIRS[2 * r];
            l = q;
        }
        int v = (int) l;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            dst[--i] = DIGIT_PAIRS[2 * r + 1];
            dst[--i] = DIGIT_PAIRS[2 * r];
            v = q;
        }
        if (v >= 10) {
            dst[--i] = DIGIT_PAIRS[2 * v + 1];
            dst[--i] = DIGIT_PAIRS[2 * v];
        } else {
            dst[--i] = (byte) ('0' + v);
        }
        return end;
    }

    private static int digitCount(long l) {
        int n = 1;
        long p = 10;
        while (n < 19 && l >= p) {
            n++;
            p *= 10;
        }
        return n;
    }

    private static int put(byte[] bytes, byte[] dst, int pos) {
        System.arraycopy(bytes, 0, dst, pos, bytes.length);
        return pos + bytes.length;
    }

    /**
     * Go's shortest decimal of a positive finite double ({@code strconv}'s {@code roundShortest} on exact
     * decimals) as {@code <digits>e<dp>}, meaning {@code 0.<digits> × 10^dp}. Slow; used for deep subnormals.
     */
    static String goShortest(double a) {
        BigDecimal exact = new BigDecimal(a);
        BigDecimal lower = exact.add(new BigDecimal(Math.nextDown(a))).divide(BigDecimal.TWO);
        BigDecimal upper = exact.add(new BigDecimal(Math.nextUp(a))).divide(BigDecimal.TWO);
        boolean inclusive = (Double.doubleToRawLongBits(a) & 1) == 0;
        int magnitude = exact.precision() - exact.scale(); // exact = 0.<digits> * 10^magnitude
        for (int p = 1; ; p++) {
            BigDecimal down = exact.round(new java.math.MathContext(p, RoundingMode.DOWN));
            BigDecimal up = down.add(BigDecimal.ONE.scaleByPowerOfTen(magnitude - p));
            int cl = down.compareTo(lower);
            int cu = up.compareTo(upper);
            boolean okDown = cl > 0 || (inclusive && cl == 0);
            boolean okUp = cu < 0 || (inclusive && cu == 0);
            BigDecimal chosen;
            if (okDown && okUp) {
                chosen = exact.round(new java.math.MathContext(p, RoundingMode.HALF_EVEN));
            } else if (okDown) {
                chosen = down;
            } else if (okUp) {
                chosen = up;
            } else {
                continue;
            }
            BigDecimal stripped = chosen.stripTrailingZeros();
            String unscaled = stripped.unscaledValue().toString();
            return unscaled + "e" + (stripped.precision() - stripped.scale());
        }
    }
}
