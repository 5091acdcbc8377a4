package io.jthanos.query.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes a float as Prometheus's {@code jsonutil.MarshalValue} does (without the quotes), straight into a
 * byte array: Go's {@code strconv.AppendFloat(v, 'f', -1, 64)}, or {@code 'e'} form below 1e-6 and from
 * 1e21 ({@code 7.36e-07}, {@code 1e+21}), and {@code NaN}, {@code +Inf}, {@code -Inf}, {@code -0}.
 *
 * <p>Go and Java both print the shortest decimal that reads back as the same double, choosing the closest
 * one among equally short ones, so the digits are Java's ({@link ShortestDecimal}, computed without text) and
 * only the layout is Go's. The one known difference is in deep subnormals, where Java may print two digits although
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

    // The four ASCII digits of 0000..9999 as big-endian ints, stored with one write.
    private static final int[] DIGIT_QUADS = new int[10_000];
    private static final java.lang.invoke.VarHandle INT_BYTES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static {
        for (int i = 0; i < 10_000; i++) {
            DIGIT_QUADS[i] = ('0' + i / 1000) << 24 | ('0' + i / 100 % 10) << 16 | ('0' + i / 10 % 10) << 8 | '0' + i % 10;
        }
    }

    private static final long[] POW10 = new long[20];

    static {
        POW10[0] = 1;
        for (int i = 1; i < 19; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        POW10[19] = Long.MAX_VALUE; // 10^19 does not fit; every long is below it
    }

    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] POS_INF = {'+', 'I', 'n', 'f'};
    private static final byte[] NEG_INF = {'-', 'I', 'n', 'f'};

    // Per-thread scratch space: the shortest digits of one double.
    private final ShortestDecimal shortest = new ShortestDecimal();
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
            shortest.of(a);
            if (a >= 1e-6 && a < 1e21) {
                return plainShortest(shortest.significand(), shortest.exponent(), dst, pos);
            }
            int length = writeSignificand(shortest.significand(), digits);
            n = length;
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
            dp = shortest.exponent() + length; // value = 0.<digits> * 10^dp
        }
        // Here a < 1e-6 or a >= 1e21: subnormals are far below 1e-6, and plain form returned above.
        return exponentForm(n, dp, dst, pos);
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

    /**
     * Go's {@code %f} of {@code f × 10^e} (f positive, below 10^17), the digits written once straight at their
     * final place: for {@code d.ddd} all digits one byte to the right, then the integer part moved left over the
     * point's slot; trailing zeros of {@code f} after the point are cut afterwards.
     */
    private static int plainShortest(long f, int e, byte[] dst, int pos) {
        int length = decimalLength(f);
        int dp = e + length; // value = 0.<digits> * 10^dp
        if (dp <= 0) {
            dst[pos++] = '0';
            dst[pos++] = '.';
            for (int i = dp; i < 0; i++) {
                dst[pos++] = '0';
            }
            int end = pos + length;
            writeDigitsBefore(f, dst, end);
            while (dst[end - 1] == '0') {
                end--;
            }
            return end;
        }
        if (dp < length) {
            int end = pos + 1 + length;
            writeDigitsBefore(f, dst, end);
            System.arraycopy(dst, pos + 1, dst, pos, dp);
            dst[pos + dp] = '.';
            while (dst[end - 1] == '0') {
                end--;
            }
            return dst[end - 1] == '.' ? end - 1 : end;
        }
        int end = pos + length;
        writeDigitsBefore(f, dst, end);
        for (int i = length; i < dp; i++) {
            dst[end++] = '0';
        }
        return end;
    }

    /** Writes the {@link #decimalLength} digits of {@code f ≥ 0} so that the last one is at {@code dst[end - 1]}. */
    private static void writeDigitsBefore(long f, byte[] dst, int end) {
        int i = end;
        while (f >= 100_000_000) {
            long q = f / 100_000_000;
            int r = (int) (f - q * 100_000_000);
            int high = r / 10_000;
            i -= 8;
            INT_BYTES.set(dst, i, DIGIT_QUADS[high]);
            INT_BYTES.set(dst, i + 4, DIGIT_QUADS[r - high * 10_000]);
            f = q;
        }
        int v = (int) f;
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
    }

    /** The number of decimal digits of {@code l ≥ 0} (1 for 0). */
    static int decimalLength(long l) {
        long v = l | 1; // same digit count, and never 0
        int t = (64 - Long.numberOfLeadingZeros(v)) * 1233 >>> 12; // about log10(2^bits)
        return v < POW10[t] ? t : t + 1;
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
        int end = pos + decimalLength(l);
        writeDigitsBefore(l, dst, end);
        return end;
    }

    /** Writes a significand (below 10^18) at {@code dst[0]}: the low eight digits in int arithmetic. */
    private static int writeSignificand(long f, byte[] dst) {
        if (f < 100_000_000) {
            return writeLong(f, dst, 0);
        }
        long high = f / 100_000_000;
        int pos = writeLong(high, dst, 0);
        return writeEight((int) (f - high * 100_000_000), dst, pos);
    }

    /** Writes {@code v < 10^8} as exactly eight digits. */
    private static int writeEight(int v, byte[] dst, int pos) {
        for (int i = pos + 6; i >= pos; i -= 2) {
            int q = v / 100;
            int r = v - q * 100;
            dst[i] = DIGIT_PAIRS[2 * r];
            dst[i + 1] = DIGIT_PAIRS[2 * r + 1];
            v = q;
        }
        return pos + 8;
    }

    /** Reference digit count for the test of {@link #decimalLength}. */
    static int digitCountByLoop(long l) {
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
