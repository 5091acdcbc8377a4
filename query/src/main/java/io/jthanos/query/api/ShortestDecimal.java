package io.jthanos.query.api;

import java.math.BigInteger;

/**
 * The shortest decimal {@code f × 10^e} that reads back as a given positive finite double, choosing the closest
 * one among equally short ones and the even one on a tie: the digits {@link Double#toString(double)} prints,
 * computed with Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020) in integer
 * arithmetic, without text. Not thread-safe: one instance holds the result of the last {@link #of} call.
 */
final class ShortestDecimal {
    private static final int PRECISION = 53;
    private static final int MIN_EXPONENT = -1074; // q of subnormals and of the smallest normals
    private static final long HIDDEN_BIT = 1L << (PRECISION - 1);
    private static final long SIGNIFICAND_MASK = HIDDEN_BIT - 1;
    // Subnormal significands below this get one more digit of room (scaled by ten), as the JDK does.
    private static final long TINY_SIGNIFICAND = 3;
    private static final long MASK_63 = (1L << 63) - 1;

    // The range of k = floor(log10(2^q)) over all doubles.
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    // g(k) = floor(10^-k × 2^(125 - floor(-k × log2 10))) + 1, a 126-bit number split as g1 × 2^63 + g0.
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int e = -k;
            int shift = 125 - floorLog2Pow10(e);
            BigInteger g;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                g = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else {
                g = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(-e));
            }
            g = g.add(BigInteger.ONE);
            int i = 2 * (k - K_MIN);
            G[i] = g.shiftRight(63).longValueExact();
            G[i + 1] = g.longValue() & MASK_63;
        }
    }

    /** The significand of the last result: up to 17 digits, possibly with trailing zeros. */
    private long significand;
    /** The power of ten of the last result. */
    private int exponent;

    long significand() {
        return significand;
    }

    int exponent() {
        return exponent;
    }

    /** Computes the shortest decimal of {@code v}, which must be positive and finite. */
    void of(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & SIGNIFICAND_MASK;
        int biased = (int) (bits >>> (PRECISION - 1));
        if (biased != 0) {
            int mq = -MIN_EXPONENT + 1 - biased; // -q
            long c = HIDDEN_BIT | t;
            // An integer below 2^53 is its own shortest decimal (section 8.3 of the paper).
            if (0 < mq && mq < PRECISION) {
                long f = c >> mq;
                if (f << mq == c) {
                    set(f, 0);
                    return;
                }
            }
            toDecimal(-mq, c, 0);
        } else if (t < TINY_SIGNIFICAND) {
            toDecimal(MIN_EXPONENT, 10 * t, -1);
        } else {
            toDecimal(MIN_EXPONENT, t, 0);
        }
    }

    /** The shortest decimal of {@code c × 2^q} (times 10^dk): Schubfach on the rounding interval's bounds. */
    private void toDecimal(int q, long c, int dk) {
        int odd = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != HIDDEN_BIT || q == MIN_EXPONENT) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else {
            // At a power of two the interval below is half as wide.
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int h = q + floorLog2Pow10(-k) + 2;
        int i = 2 * (k - K_MIN);
        long g1 = G[i];
        long g0 = G[i + 1];
        // 4 × v × 10^-k and the interval's bounds, each with a sticky bit for any fraction lost.
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // One digit fewer: s rounded down to a multiple of ten, or the next multiple.
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean lowerIn = vbl + odd <= sp10 << 2;
            boolean upperIn = (tp10 << 2) + odd <= vbr;
            if (lowerIn != upperIn) {
                set(lowerIn ? sp10 : tp10, k);
                return;
            }
        }
        long u = s + 1;
        boolean lowerIn = vbl + odd <= s << 2;
        boolean upperIn = (u << 2) + odd <= vbr;
        if (lowerIn != upperIn) {
            set(lowerIn ? s : u, k + dk);
            return;
        }
        long cmp = vb - (s + u << 1);
        set(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : u, k + dk);
    }

    private void set(long f, int e) {
        significand = f;
        exponent = e;
    }

    /** {@code (g1 × 2^63 + g0) × cp / 2^127}, rounded down, with the lowest bit set if inexact. */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** floor(q × log10 2), exact for |q| ≤ 1200 (checked in the test). */
    static int floorLog10Pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 × 2^q)), exact for |q| ≤ 1200 (checked in the test). */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e × log2 10), exact for |e| ≤ 400 (checked in the test). */
    static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }
}
