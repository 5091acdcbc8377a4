package io.jthanos.store.testing;

import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A minimal Prometheus XOR chunk codec for tests, until the real one lands from the tsdb module: 2-byte
 * sample count, first timestamp as varint, deltas-of-deltas in the 14/17/20/64-bit buckets, values XORed
 * with leading/trailing-zero windows.
 */
public final class TestXorChunk implements Chunk {
    private final MemorySegment data;

    public TestXorChunk(MemorySegment data) {
        this.data = data;
    }

    /** Encodes the samples (timestamps strictly increasing). */
    public static TestXorChunk encode(long[] ts, double[] vs, int from, int to) {
        BitWriter w = new BitWriter();
        int n = to - from;
        w.writeBits(n, 16);
        long prevT = 0, prevDelta = 0;
        long prevV = 0;
        int leading = 0xff, trailing = 0;
        for (int i = from; i < to; i++) {
            long t = ts[i];
            long v = Double.doubleToRawLongBits(vs[i]);
            if (i == from) {
                w.writeVarint(t);
                w.writeBits(v, 64);
            } else {
                long delta = t - prevT;
                if (i == from + 1) {
                    w.writeUvarint(delta);
                } else {
                    long dod = delta - prevDelta;
                    if (dod == 0) {
                        w.writeBit(0);
                    } else if (fits(dod, 14)) {
                        w.writeBits(0b10, 2);
                        w.writeBits(dod, 14);
                    } else if (fits(dod, 17)) {
                        w.writeBits(0b110, 3);
                        w.writeBits(dod, 17);
                    } else if (fits(dod, 20)) {
                        w.writeBits(0b1110, 4);
                        w.writeBits(dod, 20);
                    } else {
                        w.writeBits(0b1111, 4);
                        w.writeBits(dod, 64);
                    }
                }
                prevDelta = delta;
                long x = v ^ prevV;
                if (x == 0) {
                    w.writeBit(0);
                } else {
                    w.writeBit(1);
                    int l = Math.min(Long.numberOfLeadingZeros(x), 31);
                    int tr = Long.numberOfTrailingZeros(x);
                    if (leading != 0xff && l >= leading && tr >= trailing) {
                        w.writeBit(0);
                        w.writeBits(x >>> trailing, 64 - leading - trailing);
                    } else {
                        leading = l;
                        trailing = tr;
                        w.writeBit(1);
                        w.writeBits(l, 5);
                        int sig = 64 - l - tr;
                        w.writeBits(sig == 64 ? 0 : sig, 6);
                        w.writeBits(x >>> tr, sig);
                    }
                }
            }
            prevT = t;
            prevV = v;
        }
        return new TestXorChunk(MemorySegment.ofArray(w.bytes()));
    }

    private static boolean fits(long x, int bits) {
        return -((1L << (bits - 1)) - 1) <= x && x <= 1L << (bits - 1);
    }

    @Override
    public Encoding encoding() {
        return Encoding.XOR;
    }

    @Override
    public MemorySegment bytes() {
        return data;
    }

    @Override
    public int numSamples() {
        return Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0));
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        return new Iter(data, numSamples());
    }

    private static final class BitWriter {
        private byte[] buf = new byte[64];
        private long bitLen;

        void writeBit(int b) {
            writeBits(b, 1);
        }

        void writeBits(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                int byteIdx = (int) (bitLen >>> 3);
                if (byteIdx >= buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                if (((v >>> i) & 1) != 0) {
                    buf[byteIdx] |= (byte) (0x80 >>> (bitLen & 7));
                }
                bitLen++;
            }
        }

        void writeUvarint(long x) {
            while (Long.compareUnsigned(x, 0x80) >= 0) {
                writeBits((x & 0x7f) | 0x80, 8);
                x >>>= 7;
            }
            writeBits(x, 8);
        }

        void writeVarint(long x) {
            writeUvarint((x << 1) ^ (x >> 63));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, (int) ((bitLen + 7) >>> 3));
        }
    }

    private static final class Iter implements SampleIterator {
        private final MemorySegment data;
        private final int total;
        private long bitPos = 16;
        private int read;
        private long t, delta;
        private long v;
        private int leading, trailing;
        private boolean exhausted;

        Iter(MemorySegment data, int total) {
            this.data = data;
            this.total = total;
        }

        private int bit() {
            int b = (data.get(ValueLayout.JAVA_BYTE, bitPos >>> 3) >>> (7 - (bitPos & 7))) & 1;
            bitPos++;
            return b;
        }

        private long bits(int n) {
            long r = 0;
            for (int i = 0; i < n; i++) {
                r = (r << 1) | bit();
            }
            return r;
        }

        private long uvarint() {
            long x = 0;
            int s = 0;
            while (true) {
                long b = bits(8);
                x |= (b & 0x7f) << s;
                if ((b & 0x80) == 0) {
                    return x;
                }
                s += 7;
            }
        }

        private static long signed(long raw, int n) {
            return raw > (1L << (n - 1)) ? raw - (1L << n) : raw;
        }

        @Override
        public ValueType next() {
            if (exhausted || read >= total) {
                exhausted = true;
                return ValueType.NONE;
            }
            if (read == 0) {
                long u = uvarint();
                t = (u >>> 1) ^ -(u & 1);
                v = bits(64);
            } else {
                if (read == 1) {
                    delta = uvarint();
                } else {
                    int prefix = 0;
                    while (prefix < 4 && bit() == 1) {
                        prefix++;
                    }
                    long dod = switch (prefix) {
                        case 0 -> 0;
                        case 1 -> signed(bits(14), 14);
                        case 2 -> signed(bits(17), 17);
                        case 3 -> signed(bits(20), 20);
                        default -> bits(64);
                    };
                    delta += dod;
                }
                t += delta;
                if (bit() == 1) {
                    if (bit() == 1) {
                        leading = (int) bits(5);
                        int sig = (int) bits(6);
                        if (sig == 0) {
                            sig = 64;
                        }
                        trailing = 64 - leading - sig;
                    }
                    int sig = 64 - leading - trailing;
                    v ^= bits(sig) << trailing;
                }
            }
            read++;
            return ValueType.FLOAT;
        }

        @Override
        public ValueType seek(long target) {
            if (read > 0 && !exhausted && t >= target) {
                return ValueType.FLOAT;
            }
            while (next() == ValueType.FLOAT) {
                if (t >= target) {
                    return ValueType.FLOAT;
                }
            }
            return ValueType.NONE;
        }

        @Override
        public long atT() {
            return t;
        }

        @Override
        public double atF() {
            return Double.longBitsToDouble(v);
        }
    }
}
