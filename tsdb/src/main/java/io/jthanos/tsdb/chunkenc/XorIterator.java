package io.jthanos.tsdb.chunkenc;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes an {@link XorChunk}; reusable through {@link XorChunk#iterator(SampleIterator)}.
 *
 * <p>When the iterator is (re)set to a chunk, the whole chunk is decoded in one tight loop into a reused
 * primitive array; {@code next()} then steps through it and {@code seek} binary-searches it. Because
 * {@code next()} makes no call on the way out of a chunk, a caller's loop over {@code next()},
 * {@code atT()} and {@code atF()} compiles to a few loads per sample. The decode loop is shaped for few
 * live values, since C2 spills the rest to the stack: the bit reader is a single bit position, each
 * sample loads the 64 bits there afresh with one unaligned big-endian load from a zero-padded copy of
 * the chunk (at least 57 of them valid: a sample's control bits and usually its value's significant
 * bits), timestamps and values share one array, and the value's leading/trailing window is one int.
 * A run of 16 or more samples with delta-of-delta 0 and an unchanged value (two zero bits each:
 * constant gauges, idle counters) is counted with one leading-zero count and filled in a loop of its
 * own. A chunk holds at most 65535 samples, so the array stays small (≤ 1 MiB, usually 2 KiB), and it
 * is reused with the iterator.
 *
 * <p>Corrupt data (reading past the end, an impossible leading/significant-bit window, an overlong
 * varint) is detected while decoding, before any sample of the chunk is returned; the error is raised
 * by the first {@code next()} or {@code seek}, as if decoding were lazy.
 */
public final class XorIterator implements SampleIterator {
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /**
     * Zero bytes after the data. Decoding stops at the first sample that ends past the data, and no
     * sample reads more than 64 bytes past the point where it starts.
     */
    private static final int PAD = 64;
    /**
     * A window starting with this many zero bits starts a run of "00" samples long enough to fill in
     * bulk (shorter thresholds measured slower on the scraped data: leaving and re-entering the
     * per-sample loop costs more than they save).
     */
    private static final int RUN_ZEROS = 32;
    private static final int RUN_BITS = 64 - RUN_ZEROS;

    private byte[] buf = new byte[256];
    private int bitEnd;  // bits of data after the two-byte sample count
    private int pos;     // next bit to read
    private int numTotal;
    /** Why the chunk failed to decode, or null. */
    private CorruptBlockException failure;
    private long t = Long.MIN_VALUE;
    private long tDelta;
    private long vbits;
    private int leading;
    private int trailing;

    /** Sample i's timestamp at 2i, its value bits at 2i + 1: one array keeps the decode loop's registers free. */
    private long[] tv = new long[256];
    private int idx;
    private int end; // samples decoded into the arrays: 0 if the chunk failed to decode

    XorIterator() {}

    void reset(MemorySegment chunk) {
        // one call to a method too big to inline: the caller's loop over next() stays small
        failure = decode(chunk);
    }

    @Override
    public ValueType next() {
        int i = idx + 1;
        if (i < end) {
            idx = i;
            return ValueType.FLOAT;
        }
        // written out here rather than called: C2 does not inline a call made once per chunk, and a
        // call would make the caller's loop over next() reload the iterator's fields on every sample
        if (failure != null) {
            throw failed();
        }
        idx = end;
        return ValueType.NONE;
    }

    private UncheckedIOException failed() {
        return new UncheckedIOException(failure);
    }

    @Override
    public ValueType seek(long target) {
        int n = end;
        if (idx >= n || n == 0) {
            if (failure != null) {
                throw failed();
            }
            idx = n;
            return ValueType.NONE;
        }
        int lo = Math.max(idx, 0);
        if (tv[lo << 1] >= target) {
            idx = lo;
            return ValueType.FLOAT;
        }
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tv[mid << 1] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        idx = lo;
        return lo < n ? ValueType.FLOAT : ValueType.NONE;
    }

    /**
     * The decoded samples for readers that take them in bulk: sample {@code i}'s timestamp at {@code 2i} and its
     * value bits at {@code 2i + 1}, for {@code i <} {@link #decodedSize()}. The array is the iterator's own: read
     * it, don't write it, and not after the iterator is reused for another chunk.
     *
     * @throws UncheckedIOException wrapping the corruption exception if the chunk failed to decode
     */
    public long[] decoded() {
        checkDecoded();
        return tv;
    }

    /** The number of samples in {@link #decoded()}. */
    public int decodedSize() {
        return end;
    }

    /** Raises the corruption error if the chunk failed to decode. */
    void checkDecoded() {
        if (failure != null) {
            throw failed();
        }
    }

    /** At least 57 valid bits at bit {@code p}, the first at the MSB (the low {@code p & 7} bits are zero). */
    private static long bitsFrom(byte[] b, int p) {
        return (long) BE_LONG.get(b, p >>> 3) << (p & 7);
    }

    /** The 64 bits at bit {@code p}. */
    private static long bits64From(byte[] b, int p) {
        int k = p >>> 3;
        int s = p & 7;
        return ((long) BE_LONG.get(b, k) << s) | ((b[k + 8] & 0xFF) >>> (8 - s));
    }

    /** Reads {@code n} bits, {@code 1 <= n <= 64}. */
    private long readBits(int n) {
        long v = bits64From(buf, pos) >>> (64 - n);
        pos += n;
        return v;
    }

    private CorruptBlockException pastEnd(int i) {
        return new CorruptBlockException("XOR chunk", 2 + (bitEnd >>> 3),
                "sample " + i + " of " + numTotal + " reads past the end of the chunk");
    }

    /**
     * Decodes every sample into {@link #tv} and leaves the decoder state after the last
     * one; returns why the chunk is corrupt, or null.
     */
    private CorruptBlockException decode(MemorySegment chunk) {
        int len = (int) chunk.byteSize();
        if (len < 2) {
            throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 0, "chunk of " + len + " bytes"));
        }
        int dataLen = len - 2;
        if (buf.length < dataLen + PAD) {
            buf = new byte[Math.max(dataLen + PAD, buf.length * 2)];
        }
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, 2, buf, 0, dataLen);
        Arrays.fill(buf, dataLen, dataLen + PAD, (byte) 0);
        numTotal = ((chunk.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) << 8) | (chunk.get(ValueLayout.JAVA_BYTE, 1) & 0xFF);
        bitEnd = dataLen << 3;
        pos = 0;
        t = Long.MIN_VALUE;
        tDelta = 0;
        vbits = 0;
        leading = 0;
        trailing = 0;
        idx = -1;
        end = 0;
        int n = numTotal;
        if (tv.length < 2 * n) {
            tv = new long[Math.max(2 * n, tv.length * 2)];
        }
        try {
            if (n > 0) {
                t = readVarint();
                vbits = readBits(64);
                if (pos > bitEnd) {
                    return pastEnd(0);
                }
                tv[0] = t;
                tv[1] = vbits;
            }
            if (n > 1) {
                tDelta = readUvarint();
                t += tDelta;
                readValue();
                if (pos > bitEnd) {
                    return pastEnd(1);
                }
                tv[2] = t;
                tv[3] = vbits;
            }
        } catch (CorruptSampleException e) {
            return e.corruption;
        }
        final byte[] b = buf;
        final long[] out = tv;
        final int limit = bitEnd;
        int p = pos;
        long t = this.t;
        long tDelta = this.tDelta;
        long vbits = this.vbits;
        // the leading/trailing window as (trailing << 8) | significant bits, one register: a shift by
        // it shifts by the significant bits, modulo 64, and a shift by -win by 64 - significant bits
        int win = (trailing << 8) | (64 - leading - trailing);
        int i = 2;
        while (i < n) {
            for (; i < n; i++) {
                long w = bitsFrom(b, p);
                int off; // bits of the delta-of-delta field: the value's control bits are at p + off
                if (w >= 0) {
                    if (w < (1L << RUN_BITS)) { // w >= 0 here: one compare instead of a shift and a test
                        break;
                    }
                    off = 1;
                } else if ((w << 1) >= 0) {
                    // '10' + 14 bits: -8191..8192
                    // u = the 14 bits; dod = u for u <= 8192, else u - 16384, i.e. sign-extend(u - 1) + 1
                    // (no branch: the sign is data)
                    tDelta += (((w << 2) - (1L << 50)) >> 50) + 1;
                    off = 16;
                } else {
                    int ones = Long.numberOfLeadingZeros(~w);
                    if (ones >= 4) {
                        // '1111' + 64 bits: rare; the value's bits start past this window
                        tDelta += bits64From(b, p + 4);
                        p += 68;
                        w = bitsFrom(b, p);
                        off = 0;
                    } else {
                        // '110' + 17 bits or '1110' + 20 bits
                        int sz = ones == 2 ? 17 : 20;
                        long d = (w << (ones + 1)) >>> (64 - sz);
                        tDelta += d > (1L << (sz - 1)) ? d - (1L << sz) : d;
                        off = ones + 1 + sz;
                    }
                }
                t += tDelta;
                long x = w << off; // the value's control bits and, for a new window, its 11-bit header
                if (x >= 0) {
                    p += off + 1;
                } else {
                    int q = off + 2; // first significant bit, relative to p, when the window is reused
                    if ((x << 1) < 0) {
                        int newLeading = (int) ((x << 2) >>> 59);
                        int m = (int) ((x << 7) >>> 58);
                        if (m == 0) {
                            m = 64;
                        }
                        int newTrailing = 64 - newLeading - m;
                        if (newTrailing < 0) {
                            return badWindow(p, newLeading, m);
                        }
                        win = (newTrailing << 8) | m;
                        q += 11;
                    }
                    int end = q + (win & 0xFF);
                    // the significant bits are usually among the 57 valid bits of w
                    long sig = end <= 57 ? w << q : bits64From(b, p + q);
                    vbits ^= (sig >>> -win) << (win >>> 8);
                    p += end;
                }
                out[2 * i] = t;
                out[2 * i + 1] = vbits;
                if (p > limit) {
                    return pastEnd(i);
                }
            }
            if (i < n) {
                // A run of "00" samples (dod 0 and value unchanged: constant gauges, idle counters):
                // count its zero pairs among the 56 surely valid bits of the window and fill it in one
                // loop, outside the per-sample loop so that it does not cost that loop registers.
                long w = bitsFrom(b, p);
                int stop = Math.min(i + (Long.numberOfLeadingZeros(w | 0xFF) >>> 1), n);
                p += (stop - i) << 1;
                for (; i < stop; i++) {
                    t += tDelta;
                    out[2 * i] = t;
                    out[2 * i + 1] = vbits;
                }
                if (p > limit) {
                    return pastEnd(i - 1);
                }
            }
        }
        pos = p;
        end = n;
        this.t = t;
        this.tDelta = tDelta;
        this.vbits = vbits;
        this.trailing = win >>> 8;
        this.leading = 64 - (win & 0xFF) - trailing;
        return null;
    }

    /** A corruption found by the field-based readers of the first two samples. */
    private static final class CorruptSampleException extends RuntimeException {
        final CorruptBlockException corruption;

        CorruptSampleException(CorruptBlockException corruption) {
            super(null, null, false, false);
            this.corruption = corruption;
        }
    }

    private void readValue() {
        if (readBits(1) == 0) {
            return;
        }
        if (readBits(1) == 0) {
            vbits ^= readBits(64 - leading - trailing) << trailing;
            return;
        }
        int newLeading = (int) readBits(5);
        int mbits = (int) readBits(6);
        if (mbits == 0) {
            mbits = 64;
        }
        int newTrailing = 64 - newLeading - mbits;
        if (newTrailing < 0) {
            throw new CorruptSampleException(badWindow(pos - 11, newLeading, mbits));
        }
        leading = newLeading;
        trailing = newTrailing;
        vbits ^= readBits(mbits) << newTrailing;
    }

    private static CorruptBlockException badWindow(int bitPos, int newLeading, int mbits) {
        return new CorruptBlockException("XOR chunk", 2 + (bitPos >>> 3),
                "leading " + newLeading + " + significant bits " + mbits + " exceed 64");
    }

    /** Both varints of a chunk start at a byte boundary: the first at bit 0, the second after 64 value bits. */
    private long readUvarint() {
        byte[] b = buf;
        int k = pos >>> 3;
        long x = 0;
        for (int i = 0; i < 10; i++) {
            long c = b[k + i] & 0xFF;
            if (c < 0x80) {
                if (i == 9 && c > 1) {
                    break;
                }
                pos += (i + 1) << 3;
                return x | (c << (7 * i));
            }
            x |= (c & 0x7F) << (7 * i);
        }
        pos += 80;
        throw new CorruptSampleException(new CorruptBlockException("XOR chunk", 2 + (pos >>> 3), "varint overflows 64 bits"));
    }

    private long readVarint() {
        long ux = readUvarint();
        return (ux >>> 1) ^ -(ux & 1);
    }

    @Override
    public long atT() {
        return tv[idx << 1];
    }

    @Override
    public double atF() {
        return Double.longBitsToDouble(tv[(idx << 1) + 1]);
    }

    /** The raw bits of the current value (NaN payloads intact). */
    public long atBits() {
        return tv[(idx << 1) + 1];
    }

    /** Timestamp of the last sample of the chunk, once {@link #checkDecoded()} passed. */
    long lastT() {
        return t;
    }

    /** Value bits of the last sample of the chunk, once {@link #checkDecoded()} passed. */
    long lastBits() {
        return vbits;
    }

    long bitsConsumed() {
        return pos;
    }

    long tDelta() {
        return tDelta;
    }

    int leading() {
        return leading;
    }

    int trailing() {
        return trailing;
    }
}
