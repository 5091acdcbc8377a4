package io.jthanos.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder against a deliberately naive one that reads one bit at a time straight from the format
 * description, on chunks encoded from random, scrape-like and run-heavy series, and on the same chunks
 * corrupted (bits flipped, bytes overwritten, truncated, extended). For every input either both decoders
 * yield exactly the same samples, or both find the chunk corrupt and the decoder returns no sample.
 * This covers each fast path of the decoder (runs of "00" samples, 14-bit dods with an unchanged value,
 * reused and new value windows, values whose bits cross a load) at every bit offset.
 */
class XorReferenceDecoderTest {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    @Test
    void validChunksDecodeLikeTheReference() {
        Random r = new Random(1121);
        for (int round = 0; round < 6000; round++) {
            long[][] s = series(r);
            byte[] data = XorFuzzTest.ReferenceEncoder.encode(s[0], s[1], s[0].length);
            long[][] ref = ReferenceDecoder.decode(data);
            assertThat(ref).as("round %d: the reference decodes its own encoding", round).isNotNull();
            assertThat(ref[0]).isEqualTo(s[0]);
            assertThat(ref[1]).isEqualTo(s[1]);
            assertSameAsReference(data, "round " + round);
        }
    }

    @Test
    void corruptedChunksDecodeLikeTheReferenceOrFail() {
        Random r = new Random(4242);
        int corrupt = 0;
        int cases = 0;
        for (int round = 0; round < 3000; round++) {
            long[][] s = series(r);
            byte[] data = XorFuzzTest.ReferenceEncoder.encode(s[0], s[1], s[0].length);
            for (int k = 0; k < 8; k++) {
                byte[] bad = corrupt(data, r);
                cases++;
                if (!assertSameAsReference(bad, "round " + round + " corruption " + k)) {
                    corrupt++;
                }
            }
        }
        // both outcomes must have been exercised plenty
        assertThat(corrupt).isBetween(cases / 10, cases - cases / 10);
    }

    /**
     * One iterator reused over valid and corrupt chunks of random sizes (so that a chunk follows a longer one
     * whose bytes are still in the iterator's buffer), wrapping segments of every kind: a whole array, a slice
     * of a larger array with random bytes around it, a read-only view, and native memory with random bytes after
     * the chunk.
     */
    @Test
    void reusedIteratorOverSegmentsOfEveryKindDecodesLikeTheReference() {
        Random r = new Random(777);
        XorIterator it = null;
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 4000; round++) {
                long[][] s = series(r);
                byte[] data = XorFuzzTest.ReferenceEncoder.encode(s[0], s[1], s[0].length);
                if (r.nextInt(3) == 0) {
                    data = corrupt(data, r);
                }
                int before = r.nextInt(20);
                int after = r.nextInt(80);
                byte[] around = new byte[before + data.length + after];
                r.nextBytes(around);
                System.arraycopy(data, 0, around, before, data.length);
                MemorySegment seg = switch (r.nextInt(4)) {
                    case 0 -> MemorySegment.ofArray(data);
                    case 1 -> MemorySegment.ofArray(around).asSlice(before, data.length);
                    case 2 -> MemorySegment.ofArray(around).asSlice(before, data.length).asReadOnly();
                    default -> arena.allocate(around.length).copyFrom(MemorySegment.ofArray(around))
                            .asSlice(before, data.length);
                };
                it = XorChunk.wrap(seg).xorIterator(it);
                assertSameAsReference(data, it, "round " + round);
            }
        }
    }

    /** Every delta-of-delta the 14-bit form holds (-8191..8192), and the neighbours that need 17 bits. */
    @Test
    void everyFourteenBitDodDecodes() {
        int n = 3 + 8192 + 8192 + 2; // sample k >= 3 has dod -8192 + (k - 3): -8192 .. 8193
        long[] ts = new long[n];
        long[] bits = new long[n];
        long t = 1_700_000_000_000L;
        long delta = 100_000;
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            bits[i] = Double.doubleToRawLongBits(42);
            delta += i < 2 ? 0 : -8192 + (i - 2);
            t += delta;
        }
        assertSameAsReference(XorFuzzTest.ReferenceEncoder.encode(ts, bits, n), "all 14-bit dods");
        // and in reverse order (8193 .. -8193), so that each sample follows a different neighbour
        long[] rts = new long[n];
        rts[0] = ts[0];
        rts[1] = ts[1];
        delta = ts[1] - ts[0];
        for (int i = 2; i < n; i++) {
            delta += 8193 - (i - 2);
            rts[i] = rts[i - 1] + delta;
        }
        assertSameAsReference(XorFuzzTest.ReferenceEncoder.encode(rts, bits, n), "all 14-bit dods, reversed");
    }

    /** Returns whether the chunk decoded. */
    private static boolean assertSameAsReference(byte[] data, String what) {
        return assertSameAsReference(data, XorChunk.wrap(data).xorIterator(null), what);
    }

    /** Returns whether the chunk decoded; {@code it} must have been set to {@code data}. */
    private static boolean assertSameAsReference(byte[] data, XorIterator it, String what) {
        long[][] ref = ReferenceDecoder.decode(data);
        if (ref == null) {
            try {
                ValueType vt = it.next();
                fail("%s: the reference finds the chunk corrupt, the decoder returned %s", what, vt);
            } catch (UncheckedIOException e) {
                assertThat(e.getCause()).as(what).isInstanceOf(CorruptBlockException.class);
            }
            return false;
        }
        int n = ref[0].length;
        for (int i = 0; i < n; i++) {
            if (it.next() != ValueType.FLOAT || it.atT() != ref[0][i] || it.atBits() != ref[1][i]) {
                fail("%s: sample %d of %d differs from the reference's %d %x", what, i, n, ref[0][i], ref[1][i]);
            }
        }
        assertThat(it.next()).as(what).isEqualTo(ValueType.NONE);
        return true;
    }

    private static byte[] corrupt(byte[] data, Random r) {
        byte[] b = data.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                int flips = 1 + r.nextInt(3);
                for (int f = 0; f < flips && b.length > 2; f++) {
                    int bit = 16 + r.nextInt((b.length - 2) * 8);
                    b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                }
            }
            case 1 -> {
                if (b.length > 2) {
                    b[2 + r.nextInt(b.length - 2)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, Math.max(2, b.length - 1 - r.nextInt(Math.min(b.length - 1, 16))));
            case 3 -> {
                // a sample count larger than what was written: the rest decodes from padding or garbage
                int n = ((b[0] & 0xFF) << 8 | (b[1] & 0xFF)) + 1 + r.nextInt(40);
                b[0] = (byte) (n >>> 8);
                b[1] = (byte) n;
                if (r.nextBoolean()) {
                    b = Arrays.copyOf(b, b.length + r.nextInt(24));
                    for (int i = data.length; i < b.length; i++) {
                        b[i] = (byte) r.nextInt(256);
                    }
                }
            }
            case 4 -> {
                // zero a stretch: long runs of "00" that may reach past the end
                if (b.length > 2) {
                    int from = 2 + r.nextInt(b.length - 2);
                    Arrays.fill(b, from, Math.min(b.length, from + 1 + r.nextInt(12)), (byte) 0);
                }
            }
            default -> {
                // ones in a stretch: 64-bit dods, new value windows with impossible widths
                if (b.length > 2) {
                    int from = 2 + r.nextInt(b.length - 2);
                    Arrays.fill(b, from, Math.min(b.length, from + 1 + r.nextInt(4)), (byte) (r.nextBoolean() ? 0xFF : 0xFE));
                }
            }
        }
        return b;
    }

    static long[][] series(Random r) {
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 1500 : 240);
        long[] ts = new long[n];
        long[] bits = new long[n];
        long t = 1_700_000_000_000L + r.nextInt(1_000_000);
        long step = new long[] {1000, 5000, 15_000, 60_000}[r.nextInt(4)];
        int kind = r.nextInt(5);
        long v = Double.doubleToRawLongBits(r.nextInt(100_000) / 8.0);
        long window = r.nextLong();
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            bits[i] = v;
            // timestamps as Prometheus stores scrapes: mostly on the grid, sometimes a few ms off for a
            // stretch, sometimes a missed scrape or a far jump
            int j = r.nextInt(100);
            long jitter = j < 70 ? 0 : j < 95 ? r.nextInt(7) - 3 : j < 98 ? step : r.nextInt(3_000_000) - 1_000_000;
            t += Math.max(1, step + jitter);
            v = switch (kind) {
                case 0 -> v;                                                            // constant gauge
                case 1 -> r.nextInt(4) == 0 ? Double.doubleToRawLongBits(Double.longBitsToDouble(v) + r.nextInt(50)) : v; // counter
                case 2 -> Double.doubleToRawLongBits(Math.round(r.nextGaussian() * 1e4) / 100.0); // two-decimal gauge
                case 3 -> r.nextInt(30) == 0 ? (r.nextBoolean() ? STALE_NAN : r.nextLong()) : v; // long runs, rare changes
                default -> v ^ (r.nextLong() & window & (r.nextBoolean() ? -1L : -1L >>> r.nextInt(64)));  // random bits
            };
        }
        return new long[][] {ts, bits};
    }

    /**
     * Reads bit by bit from a boolean view of the chunk; bits past the data read as zeros. Returns the
     * samples as {timestamps, value bits}, or null if the chunk is corrupt: a sample that ends past the
     * data, a new value window whose leading and significant bits exceed 64, a varint over 64 bits.
     */
    static final class ReferenceDecoder {
        private final byte[] data;
        private final long endBit;
        private long pos;

        private ReferenceDecoder(byte[] data) {
            this.data = data;
            this.endBit = (long) data.length * 8;
        }

        static long[][] decode(byte[] data) {
            ReferenceDecoder d = new ReferenceDecoder(data);
            int n = (int) d.bits(16);
            long[] ts = new long[n];
            long[] vs = new long[n];
            long t = 0;
            long delta = 0;
            long v = 0;
            int leading = 0;
            int trailing = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0) {
                    Long ux = d.uvarint();
                    if (ux == null) {
                        return null;
                    }
                    t = (ux >>> 1) ^ -(ux & 1);
                    v = d.bits(64);
                } else {
                    if (i == 1) {
                        Long ux = d.uvarint();
                        if (ux == null) {
                            return null;
                        }
                        delta = ux;
                    } else {
                        long dod;
                        if (d.bit() == 0) {
                            dod = 0;
                        } else if (d.bit() == 0) {
                            dod = signed(d.bits(14), 14);
                        } else if (d.bit() == 0) {
                            dod = signed(d.bits(17), 17);
                        } else if (d.bit() == 0) {
                            dod = signed(d.bits(20), 20);
                        } else {
                            dod = d.bits(64);
                        }
                        delta += dod;
                    }
                    t += delta;
                    if (d.bit() == 1) {
                        if (d.bit() == 1) {
                            leading = (int) d.bits(5);
                            int sig = (int) d.bits(6);
                            if (sig == 0) {
                                sig = 64;
                            }
                            if (leading + sig > 64) {
                                return null;
                            }
                            trailing = 64 - leading - sig;
                        }
                        int sig = 64 - leading - trailing;
                        v ^= d.bits(sig) << trailing;
                    }
                }
                if (d.pos > d.endBit) {
                    return null;
                }
                ts[i] = t;
                vs[i] = v;
            }
            return new long[][] {ts, vs};
        }

        /** Prometheus's rule for the 14/17/20-bit fields: values above half the range are negative. */
        private static long signed(long bits, int width) {
            return bits > (1L << (width - 1)) ? bits - (1L << width) : bits;
        }

        private Long uvarint() {
            long x = 0;
            for (int i = 0; i < 10; i++) {
                long b = bits(8);
                if (b < 0x80) {
                    if (i == 9 && b > 1) {
                        return null;
                    }
                    return x | (b << (7 * i));
                }
                x |= (b & 0x7F) << (7 * i);
            }
            return null;
        }

        private int bit() {
            long p = pos++;
            if (p >= endBit) {
                return 0;
            }
            return (data[(int) (p >>> 3)] >>> (7 - (p & 7))) & 1;
        }

        private long bits(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }
    }
}
