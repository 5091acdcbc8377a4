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
 * <p>On the first {@link #next()} or {@link #seek(long)} the whole chunk is decoded in one tight loop
 * into reused primitive arrays: the bit window, timestamps and values then live in registers instead
 * of being stored and reloaded per sample, which is what bounds a sample-at-a-time decoder. Bits come
 * from a 64-bit window refilled with one unaligned 8-byte load whenever fewer than 57 bits are left,
 * from a zero-padded copy of the chunk. A run of samples with delta-of-delta 0 and an unchanged value
 * (two zero bits each: constant gauges, idle counters) is counted with one leading-zero count of the
 * window and filled in a tight loop. {@code next()} then steps through the arrays and {@code seek}
 * binary-searches them. A chunk holds at most 65535 samples, so the arrays stay small (≤ 1 MiB, usually
 * 2 KiB), and they are reused with the iterator.
 *
 * <p>Corrupt data (reading past the end, an impossible leading/significant-bit window, an overlong
 * varint) is detected while decoding and raised before any sample of the chunk is returned.
 */
public final class XorIterator implements SampleIterator {
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Zero bytes after the data: a sample that starts inside the data never loads past the array. */
    private static final int PAD = 64;

    private byte[] buf = new byte[256];
    private long bitEnd;
    private long window; // next bit at the MSB; bits below avail are zero or the true following bits
    private int avail;   // valid bits in window
    private int bytePos; // next byte to load into the window
    private int numTotal;
    private int numRead;
    private boolean done;
    private long t = Long.MIN_VALUE;
    private long tDelta;
    private long vbits;
    private int leading;
    private int trailing;

    private long[] ts = new long[128];
    private long[] vs = new long[128];
    private boolean decoded;
    private int idx;
    private int end; // samples decoded into the arrays: 0 until the chunk decoded without error

    XorIterator() {}

    void reset(MemorySegment chunk) {
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
        bitEnd = (long) dataLen << 3;
        window = 0;
        avail = 0;
        bytePos = 0;
        numRead = 0;
        done = false;
        t = Long.MIN_VALUE;
        tDelta = 0;
        vbits = 0;
        leading = 0;
        trailing = 0;
        decoded = false;
        idx = -1;
        end = 0;
    }

    private void refill() {
        window |= (long) BE_LONG.get(buf, bytePos) >>> avail;
        int take = (64 - avail) >>> 3;
        bytePos += take;
        avail += take << 3;
    }

    /** Drops {@code n} bits, {@code 0 <= n < 64}. */
    private void consume(int n) {
        window <<= n;
        avail -= n;
    }

    /** Reads {@code n} bits, {@code 1 <= n <= 64}. */
    private long readBits(int n) {
        if (n > 32) {
            long hi = readBits(n - 32);
            return (hi << 32) | readBits(32);
        }
        if (avail < n) {
            refill();
        }
        long v = window >>> (64 - n);
        consume(n);
        return v;
    }

    @Override
    public ValueType next() {
        int i = idx + 1;
        if (i < end) {
            idx = i;
            return ValueType.FLOAT;
        }
        return nextSlow();
    }

    private ValueType nextSlow() {
        if (!decoded || done) {
            decodeAll(); // throws again for a chunk that failed to decode
            return next();
        }
        idx = numTotal;
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long target) {
        if (!decoded || done) {
            decodeAll();
        }
        int n = numTotal;
        if (idx >= n || n == 0) {
            idx = n;
            return ValueType.NONE;
        }
        int lo = Math.max(idx, 0);
        if (ts[lo] >= target) {
            idx = lo;
            return ValueType.FLOAT;
        }
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        idx = lo;
        return lo < n ? ValueType.FLOAT : ValueType.NONE;
    }

    private void checkEnd(int i) {
        if (((long) bytePos << 3) - avail > bitEnd) {
            throw pastEnd(i);
        }
    }

    private UncheckedIOException pastEnd(int i) {
        done = true;
        return new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitEnd >>> 3),
                "sample " + i + " of " + numTotal + " reads past the end of the chunk"));
    }

    /** Decodes every sample into {@link #ts} and {@link #vs}; leaves the decoder state after the last one. */
    void decodeAll() {
        if (done) {
            throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 0, "chunk failed to decode"));
        }
        decoded = true;
        int n = numTotal;
        if (ts.length < n) {
            ts = new long[Math.max(n, ts.length * 2)];
            vs = new long[ts.length];
        }
        if (n > 0) {
            t = readVarint();
            vbits = readBits(64);
            checkEnd(0);
            ts[0] = t;
            vs[0] = vbits;
        }
        if (n > 1) {
            tDelta = readUvarint();
            t += tDelta;
            readValue();
            checkEnd(1);
            ts[1] = t;
            vs[1] = vbits;
        }
        final byte[] b = buf;
        final long[] tOut = ts;
        final long[] vOut = vs;
        final long limit = bitEnd;
        long window = this.window;
        int avail = this.avail;
        int bytePos = this.bytePos;
        long t = this.t;
        long tDelta = this.tDelta;
        long vbits = this.vbits;
        int leading = this.leading;
        int trailing = this.trailing;
        for (int i = 2; i < n; i++) {
            // Refill unconditionally (avail <= 63 here): with 57+ bits left it loads nothing new, and a
            // branch on the fill level would be mispredicted every few samples.
            window |= (long) BE_LONG.get(b, bytePos) >>> avail;
            int take = (64 - avail) >>> 3;
            bytePos += take;
            avail += take << 3;
            long w = window;
            int used;
            if (w >= 0) {
                if ((w << 1) >= 0) {
                    // "00": dod 0 and value unchanged. Such samples come in runs (constant gauges, idle
                    // counters), so count the run's zero pairs in the window and fill it in one loop.
                    // (A shift by 64 below is a shift by 0, but only when the window is all zeros.)
                    int zeros = Math.min(Long.numberOfLeadingZeros(w), avail);
                    int stop = Math.min(i + (zeros >>> 1), n);
                    int k = stop - i;
                    for (; i < stop; i++) {
                        t += tDelta;
                        tOut[i] = t;
                        vOut[i] = vbits;
                    }
                    i--;
                    window <<= k << 1;
                    avail -= k << 1;
                    if (((long) bytePos << 3) - avail > limit) {
                        throw pastEnd(i);
                    }
                    continue;
                }
                used = 1;
            } else {
                int ones = Long.numberOfLeadingZeros(~w);
                if (ones >= 4) {
                    // 64-bit delta-of-delta: rare, decode through the field-based reader
                    this.window = window;
                    this.avail = avail;
                    this.bytePos = bytePos;
                    this.vbits = vbits;
                    this.leading = leading;
                    this.trailing = trailing;
                    consume(4);
                    tDelta += readBits(64);
                    t += tDelta;
                    readValue();
                    window = this.window;
                    avail = this.avail;
                    bytePos = this.bytePos;
                    vbits = this.vbits;
                    leading = this.leading;
                    trailing = this.trailing;
                    tOut[i] = t;
                    vOut[i] = vbits;
                    if (((long) bytePos << 3) - avail > limit) {
                        throw pastEnd(i);
                    }
                    continue;
                }
                int sz = ones == 1 ? 14 : ones == 2 ? 17 : 20;
                int ctrl = ones + 1;
                long bits = (w << ctrl) >>> (64 - sz);
                if (bits > (1L << (sz - 1))) {
                    bits -= 1L << sz;
                }
                tDelta += bits;
                used = ctrl + sz;
            }
            t += tDelta;
            long x = w << used;
            int left = avail - used; // at least 34
            if (x >= 0) {
                used++;
            } else {
                int hdr;
                int mbits;
                if ((x << 1) >= 0) {
                    hdr = 2;
                    mbits = 64 - leading - trailing;
                } else {
                    int newLeading = (int) ((x << 2) >>> 59);
                    mbits = (int) ((x << 7) >>> 58);
                    if (mbits == 0) {
                        mbits = 64;
                    }
                    int newTrailing = 64 - newLeading - mbits;
                    if (newTrailing < 0) {
                        throw badWindow(newLeading, mbits);
                    }
                    leading = newLeading;
                    trailing = newTrailing;
                    hdr = 13;
                }
                if (hdr + mbits < left) {
                    vbits ^= ((x << hdr) >>> (64 - mbits)) << trailing;
                    used += hdr + mbits;
                } else {
                    // the value bits run past the window: drop the header, refill, read in up to two parts
                    window <<= used + hdr;
                    avail -= used + hdr;
                    used = 0;
                    window |= (long) BE_LONG.get(b, bytePos) >>> avail;
                    int more = (64 - avail) >>> 3;
                    bytePos += more;
                    avail += more << 3;
                    long bits;
                    if (mbits <= avail) {
                        bits = window >>> (64 - mbits);
                        window = mbits == 64 ? 0 : window << mbits;
                        avail -= mbits;
                    } else {
                        int hiN = avail;
                        long hi = window >>> (64 - hiN);
                        window = (long) BE_LONG.get(b, bytePos);
                        bytePos += 8;
                        int loN = mbits - hiN;
                        bits = (hi << loN) | (window >>> (64 - loN));
                        window <<= loN;
                        avail = 64 - loN;
                    }
                    vbits ^= bits << trailing;
                }
            }
            window <<= used;
            avail -= used;
            tOut[i] = t;
            vOut[i] = vbits;
            if (((long) bytePos << 3) - avail > limit) {
                throw pastEnd(i);
            }
        }
        this.window = window;
        this.avail = avail;
        this.bytePos = bytePos;
        end = n;
        this.t = t;
        this.tDelta = tDelta;
        this.vbits = vbits;
        this.leading = leading;
        this.trailing = trailing;
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
            throw badWindow(newLeading, mbits);
        }
        leading = newLeading;
        trailing = newTrailing;
        vbits ^= readBits(mbits) << newTrailing;
    }

    private UncheckedIOException badWindow(int newLeading, int mbits) {
        done = true;
        return new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitsConsumed() >>> 3),
                "leading " + newLeading + " + significant bits " + mbits + " exceed 64"));
    }

    private long readUvarint() {
        long x = 0;
        int s = 0;
        for (int i = 0; i < 10; i++) {
            long b = readBits(8);
            if (b < 0x80) {
                if (i == 9 && b > 1) {
                    break;
                }
                return x | (b << s);
            }
            x |= (b & 0x7F) << s;
            s += 7;
        }
        done = true;
        throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitsConsumed() >>> 3), "varint overflows 64 bits"));
    }

    private long readVarint() {
        long ux = readUvarint();
        return (ux >>> 1) ^ -(ux & 1);
    }

    @Override
    public long atT() {
        return ts[idx];
    }

    @Override
    public double atF() {
        return Double.longBitsToDouble(vs[idx]);
    }

    /** The raw bits of the current value (NaN payloads intact). */
    public long atBits() {
        return vs[idx];
    }

    /** Timestamp of the last sample of the chunk, after {@link #decodeAll()}. */
    long lastT() {
        return t;
    }

    /** Value bits of the last sample of the chunk, after {@link #decodeAll()}. */
    long lastBits() {
        return vbits;
    }

    long bitsConsumed() {
        return ((long) bytePos << 3) - avail;
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
