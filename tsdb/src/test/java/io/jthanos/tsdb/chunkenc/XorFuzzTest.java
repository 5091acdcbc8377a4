package io.jthanos.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hammers the XOR encoder and decoder with randomized series (edge values, dod bucket limits, long
 * runs of equal values, window reuse and narrowing) and checks three independent things: the bytes
 * equal those of a naive bit-at-a-time encoder written from the format description, every sample
 * decodes back bit for bit from every kind of view, and appending through reopened appenders (on a
 * wrapped copy, on a view inside a larger buffer, on the same writable chunk) yields a chunk that
 * decodes to the same samples.
 */
class XorFuzzTest {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    @Test
    void randomSeriesEncodeLikeTheReferenceAndDecodeBitExactly() {
        Random r = new Random(20261121);
        for (int round = 0; round < 3000; round++) {
            Series s = series(r, 1 + r.nextInt(round % 20 == 0 ? 3000 : 300));
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            for (int i = 0; i < s.n; i++) {
                a.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
            }
            assertThat(c.toByteArray()).as("round %d bytes", round).isEqualTo(ReferenceEncoder.encode(s.ts, s.bits, s.n));
            for (MemorySegment view : views(c.toByteArray(), r)) {
                assertDecodes(XorChunk.wrap(view), s, s.n, "round " + round);
            }
            assertDecodes(c, s, s.n, "round " + round + " writable");
            assertSeeks(c, s, r);
        }
    }

    @Test
    void reopenedAppendersContinueTheStreamExactly() {
        Random r = new Random(4711);
        for (int round = 0; round < 3000; round++) {
            Series s = series(r, 2 + r.nextInt(400));
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            int i = 0;
            while (i < s.n) {
                int part = 1 + r.nextInt(Math.max(1, r.nextInt(4) == 0 ? 3 : 60));
                for (int end = Math.min(s.n, i + part); i < end; i++) {
                    a.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
                }
                assertDecodes(c, s, i, "round " + round + " after " + i);
                switch (r.nextInt(4)) {
                    case 0 -> {
                        c = XorChunk.wrap(c.toByteArray());
                        a = c.appender();
                    }
                    case 1 -> {
                        // a view inside a larger buffer whose neighbouring bytes are all ones
                        byte[] data = c.toByteArray();
                        byte[] big = new byte[data.length + 40];
                        Arrays.fill(big, (byte) 0xFF);
                        int off = 1 + r.nextInt(20);
                        System.arraycopy(data, 0, big, off, data.length);
                        c = XorChunk.wrap(MemorySegment.ofArray(big).asSlice(off, data.length));
                        a = c.appender();
                        assertThat(big[off - 1]).isEqualTo((byte) 0xFF);
                    }
                    case 2 -> a = c.appender();
                    default -> { }
                }
            }
            assertDecodes(c, s, s.n, "round " + round + " final");
            assertDecodes(XorChunk.wrap(c.toByteArray()), s, s.n, "round " + round + " final copy");
        }
    }

    /** Reading a chunk while it is appended to, as the head's copy-under-lock does after each append. */
    @Test
    void copiesTakenBetweenAppendsDecodeToThePrefix() {
        Random r = new Random(99);
        for (int round = 0; round < 300; round++) {
            Series s = series(r, 2 + r.nextInt(300));
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            XorIterator reused = null;
            for (int i = 0; i < s.n; i++) {
                a.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
                XorChunk copy = XorChunk.wrap(c.toByteArray());
                reused = copy.xorIterator(reused);
                for (int k = 0; k <= i; k++) {
                    assertThat(reused.next() == ValueType.FLOAT).as("round %d copy after %d, sample %d exists", round, i, k).isTrue();
                    if (reused.atT() != s.ts[k] || reused.atBits() != s.bits[k]) {
                        assertThat(new long[] {reused.atT(), reused.atBits()}).as("round %d copy after %d, sample %d", round, i, k)
                                .containsExactly(s.ts[k], s.bits[k]);
                    }
                }
                assertThat(reused.next()).isEqualTo(ValueType.NONE);
            }
        }
    }

    private record Series(long[] ts, long[] bits, int n) {}

    static Series series(Random r, int n) {
        long[] ts = new long[n];
        long[] bits = new long[n];
        long t = switch (r.nextInt(4)) {
            case 0 -> 1_700_000_000_000L + r.nextInt(1_000_000);
            case 1 -> -(r.nextLong() >>> 2);
            case 2 -> r.nextLong() >> 2;
            default -> r.nextInt(10);
        };
        int tsMode = r.nextInt(7);
        long step = new long[] {1, 15, 1000, 15_000, 60_000, 8192, 65536}[r.nextInt(7)];
        long delta = step;
        int valueMode = r.nextInt(10);
        long prev = Double.doubleToRawLongBits(r.nextDouble() * 1000);
        double v = Double.longBitsToDouble(prev);
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            long next = switch (valueMode) {
                case 0 -> Double.doubleToRawLongBits(v += r.nextInt(3) == 0 ? 0 : r.nextInt(100));  // counter
                case 1 -> Double.doubleToRawLongBits(v * (1 + r.nextGaussian() * 1e-4));          // gauge noise
                case 2 -> r.nextLong();                                                             // random bits
                case 3 -> prev ^ (r.nextLong() & ((1L << r.nextInt(64)) - 1));                      // low bits flip
                case 4 -> prev ^ (r.nextLong() << r.nextInt(64));                                   // high bits flip
                case 5 -> prev ^ (1L << r.nextInt(64));                                             // one bit
                case 6 -> edge(r, prev);
                case 7 -> r.nextInt(5) == 0 ? edge(r, prev) : Double.doubleToRawLongBits(Math.round(r.nextGaussian() * 50));
                case 8 -> i % 2 == 0 ? 0x3FF0000000000000L : 0x4000000000000001L;                  // alternating
                default -> r.nextInt(8) == 0 ? r.nextLong() : prev;                                 // long runs
            };
            bits[i] = next;
            prev = next;
            v = Double.longBitsToDouble(next);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                v = r.nextDouble() * 1000;
            }
            delta = switch (tsMode) {
                case 0 -> step;
                case 1 -> Math.max(1, step + r.nextInt(41) - 20);
                case 2 -> Math.max(1, delta + dodNear(r));
                case 3 -> 1 + (r.nextLong() >>> (2 + r.nextInt(60)));
                case 4 -> r.nextInt(20) == 0 ? 1 + (r.nextLong() >>> (20 + r.nextInt(40))) : step;
                case 5 -> 1 + r.nextInt(3);
                default -> Math.max(1, delta + (r.nextBoolean() ? 1 : -1) * (r.nextLong() >>> (30 + r.nextInt(30))));
            };
            if (t > Long.MAX_VALUE / 4 - delta) {
                delta = 1;
            }
            t += delta;
        }
        return new Series(ts, bits, n);
    }

    /** A delta-of-delta at or next to one of the bucket limits. */
    private static long dodNear(Random r) {
        long[] limits = {0, 8191, 8192, 8193, 65535, 65536, 65537, 524287, 524288, 524289, 1L << 40};
        long l = limits[r.nextInt(limits.length)] + r.nextInt(3) - 1;
        return r.nextBoolean() ? l : -l;
    }

    private static long edge(Random r, long prev) {
        return switch (r.nextInt(12)) {
            case 0 -> Double.doubleToRawLongBits(Double.NaN);
            case 1 -> 0x7ff8000000000001L; // Go's NaN
            case 2 -> STALE_NAN;
            case 3 -> Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
            case 4 -> Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
            case 5 -> 0x8000000000000000L; // -0.0
            case 6 -> 0L;
            case 7 -> 1L; // smallest subnormal
            case 8 -> Double.doubleToRawLongBits(Double.MAX_VALUE);
            case 9 -> ~prev;
            case 10 -> prev;
            default -> -1L; // a NaN with every payload bit set
        };
    }

    private static MemorySegment[] views(byte[] data, Random r) {
        byte[] big = new byte[data.length + 64];
        Arrays.fill(big, (byte) (r.nextBoolean() ? 0xFF : 0xA5));
        int off = r.nextInt(32);
        System.arraycopy(data, 0, big, off, data.length);
        return new MemorySegment[] {
            MemorySegment.ofArray(data),
            MemorySegment.ofArray(big).asSlice(off, data.length),
        };
    }

    /** Plain comparisons (an assertion per sample made the test ten times slower); AssertJ on failure. */
    private static void assertDecodes(XorChunk c, Series s, int n, String what) {
        assertThat(c.numSamples()).as(what).isEqualTo(n);
        XorIterator it = c.xorIterator(null);
        for (int i = 0; i < n; i++) {
            assertThat(it.next() == ValueType.FLOAT).as("%s sample %d exists", what, i).isTrue();
            if (it.atT() != s.ts[i] || it.atBits() != s.bits[i]) {
                assertThat(new long[] {it.atT(), it.atBits()}).as("%s sample %d", what, i)
                        .containsExactly(s.ts[i], s.bits[i]);
            }
        }
        assertThat(it.next()).as(what).isEqualTo(ValueType.NONE);
    }

    private static void assertSeeks(XorChunk c, Series s, Random r) {
        SampleIterator it = c.iterator(null);
        int pos = -1;
        for (int k = 0; k < 10 && pos < s.n; k++) {
            long target = s.ts[Math.min(s.n - 1, Math.max(0, pos) + r.nextInt(20))] + r.nextInt(3) - 1;
            int expect = Math.max(pos, 0);
            while (expect < s.n && s.ts[expect] < target) {
                expect++;
            }
            ValueType vt = it.seek(target);
            if (expect == s.n) {
                assertThat(vt).isEqualTo(ValueType.NONE);
                return;
            }
            assertThat(vt).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(s.ts[expect]);
            assertThat(Double.doubleToRawLongBits(it.atF())).isEqualTo(s.bits[expect]);
            pos = expect;
        }
    }

    /** A deliberately naive encoder: one bit at a time into a boolean array, straight from the format. */
    static final class ReferenceEncoder {
        private boolean[] bits = new boolean[1024];
        private int len;

        static byte[] encode(long[] ts, long[] vs, int n) {
            ReferenceEncoder e = new ReferenceEncoder();
            e.put(n, 16);
            long tDelta = 0;
            int leading = -1;
            int trailing = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0) {
                    e.uvarint((ts[0] << 1) ^ (ts[0] >> 63));
                    e.put(vs[0], 64);
                    continue;
                }
                long d = ts[i] - ts[i - 1];
                if (i == 1) {
                    e.uvarint(d);
                } else {
                    long dod = d - tDelta;
                    if (dod == 0) {
                        e.put(0, 1);
                    } else if (-8191 <= dod && dod <= 8192) {
                        e.put(0b10, 2);
                        e.put(dod, 14);
                    } else if (-65535 <= dod && dod <= 65536) {
                        e.put(0b110, 3);
                        e.put(dod, 17);
                    } else if (-524287 <= dod && dod <= 524288) {
                        e.put(0b1110, 4);
                        e.put(dod, 20);
                    } else {
                        e.put(0b1111, 4);
                        e.put(dod, 64);
                    }
                }
                tDelta = d;
                long x = vs[i] ^ vs[i - 1];
                if (x == 0) {
                    e.put(0, 1);
                    continue;
                }
                e.put(1, 1);
                int lz = Math.min(31, Long.numberOfLeadingZeros(x));
                int tz = Long.numberOfTrailingZeros(x);
                if (leading >= 0 && lz >= leading && tz >= trailing) {
                    e.put(0, 1);
                    e.put(x >>> trailing, 64 - leading - trailing);
                } else {
                    leading = lz;
                    trailing = tz;
                    e.put(1, 1);
                    e.put(lz, 5);
                    e.put(64 - lz - tz, 6);
                    e.put(x >>> tz, 64 - lz - tz);
                }
            }
            byte[] out = new byte[(e.len + 7) / 8];
            for (int i = 0; i < e.len; i++) {
                if (e.bits[i]) {
                    out[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            }
            return out;
        }

        private void uvarint(long v) {
            while (Long.compareUnsigned(v, 0x80) >= 0) {
                put((v & 0x7F) | 0x80, 8);
                v >>>= 7;
            }
            put(v, 8);
        }

        private void put(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                if (len == bits.length) {
                    bits = Arrays.copyOf(bits, len * 2);
                }
                bits[len++] = ((v >>> i) & 1) != 0;
            }
        }
    }
}
