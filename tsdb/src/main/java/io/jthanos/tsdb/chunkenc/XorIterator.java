package io.jthanos.tsdb.chunkenc;

import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes an {@link XorChunk}; reusable through {@link XorChunk#iterator(SampleIterator)}. The chunk is
 * copied once into an internal zero-padded array, so that every bit-field read is a single unaligned
 * 64-bit load with no bounds juggling; reading past the real end is detected after each sample and
 * reported as corruption.
 */
public final class XorIterator implements SampleIterator {
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int PAD = 16;

    private byte[] buf = new byte[256];
    private long bitEnd;
    private long bitPos;
    private int numTotal;
    private int numRead;
    private boolean done;
    private long t = Long.MIN_VALUE;
    private long tDelta;
    private long vbits;
    private int leading;
    private int trailing;

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
        java.util.Arrays.fill(buf, dataLen, Math.min(buf.length, dataLen + PAD), (byte) 0);
        numTotal = ((chunk.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) << 8) | (chunk.get(ValueLayout.JAVA_BYTE, 1) & 0xFF);
        bitEnd = (long) dataLen << 3;
        bitPos = 0;
        numRead = 0;
        done = false;
        t = Long.MIN_VALUE;
        tDelta = 0;
        vbits = 0;
        leading = 0;
        trailing = 0;
    }

    @Override
    public ValueType next() {
        if (numRead >= numTotal || done) {
            done = true;
            return ValueType.NONE;
        }
        if (numRead >= 2) {
            readDod();
            readValue();
        } else if (numRead == 0) {
            t = readVarint();
            vbits = readBits(64);
        } else {
            tDelta = readUvarint();
            t += tDelta;
            readValue();
        }
        if (bitPos > bitEnd) {
            done = true;
            throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitEnd >>> 3),
                    "sample " + numRead + " of " + numTotal + " reads past the end of the chunk"));
        }
        numRead++;
        return ValueType.FLOAT;
    }

    private void readDod() {
        long w = peek64();
        if (w >= 0) {
            bitPos++;
            t += tDelta;
            return;
        }
        int ones = Long.numberOfLeadingZeros(~w);
        long dod;
        if (ones >= 4) {
            bitPos += 4;
            dod = readBits(64);
        } else {
            int sz = ones == 1 ? 14 : ones == 2 ? 17 : 20;
            int ctrl = ones + 1;
            long bits = (w << ctrl) >>> (64 - sz);
            bitPos += ctrl + sz;
            if (bits > (1L << (sz - 1))) {
                bits -= 1L << sz;
            }
            dod = bits;
        }
        tDelta += dod;
        t += tDelta;
    }

    private void readValue() {
        long w = peek64();
        if (w >= 0) {
            bitPos++;
            return;
        }
        if ((w << 1) >= 0) {
            int mbits = 64 - leading - trailing;
            long bits;
            if (mbits <= 62) {
                bits = (w << 2) >>> (64 - mbits);
                bitPos += 2 + mbits;
            } else {
                bitPos += 2;
                bits = readBits(mbits);
            }
            vbits ^= bits << trailing;
            return;
        }
        int newLeading = (int) ((w << 2) >>> 59);
        int mbits = (int) ((w << 7) >>> 58);
        if (mbits == 0) {
            mbits = 64;
        }
        int newTrailing = 64 - newLeading - mbits;
        if (newTrailing < 0) {
            done = true;
            throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitPos >>> 3),
                    "leading " + newLeading + " + significant bits " + mbits + " exceed 64"));
        }
        leading = newLeading;
        trailing = newTrailing;
        long bits;
        if (mbits <= 51) {
            bits = (w << 13) >>> (64 - mbits);
            bitPos += 13 + mbits;
        } else {
            bitPos += 13;
            bits = readBits(mbits);
        }
        vbits ^= bits << newTrailing;
    }

    /** The 64 bits starting at {@link #bitPos}. Needs 9 readable bytes: the buffer is padded. */
    private long peek64() {
        if (bitPos > bitEnd) {
            return 0; // already past the end; next() reports corruption
        }
        int idx = (int) (bitPos >>> 3);
        int sh = (int) (bitPos & 7);
        long w = (long) BE_LONG.get(buf, idx);
        if (sh != 0) {
            w = (w << sh) | ((buf[idx + 8] & 0xFFL) >>> (8 - sh));
        }
        return w;
    }

    /** Reads {@code n} bits, {@code 1 <= n <= 64}. */
    private long readBits(int n) {
        long w = peek64();
        bitPos += n;
        return w >>> (64 - n);
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
        throw new UncheckedIOException(new CorruptBlockException("XOR chunk", 2 + (bitPos >>> 3), "varint overflows 64 bits"));
    }

    private long readVarint() {
        long ux = readUvarint();
        return (ux >>> 1) ^ -(ux & 1);
    }

    @Override
    public ValueType seek(long target) {
        if (done) {
            return ValueType.NONE;
        }
        while (numRead == 0 || t < target) {
            if (next() == ValueType.NONE) {
                return ValueType.NONE;
            }
        }
        return ValueType.FLOAT;
    }

    @Override
    public long atT() {
        return t;
    }

    @Override
    public double atF() {
        return Double.longBitsToDouble(vbits);
    }

    /** The raw bits of the current value (NaN payloads intact). */
    public long atBits() {
        return vbits;
    }

    long bitsConsumed() {
        return bitPos;
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
