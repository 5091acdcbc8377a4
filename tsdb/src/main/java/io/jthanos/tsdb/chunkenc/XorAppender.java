package io.jthanos.tsdb.chunkenc;

/**
 * Appends float samples to an {@link XorChunk}; a port of Prometheus's {@code xorAppender}. Timestamps
 * must increase strictly (the caller, e.g. the head, checks that). Not thread-safe.
 */
public final class XorAppender {
    private final XorChunk chunk;
    private final BitWriter b;
    private int numSamples;
    private long t;
    private long vbits;
    private long tDelta;
    private int leading;  // 0xFF: no leading/trailing window yet
    private int trailing;

    XorAppender(XorChunk chunk, BitWriter b, int numSamples, long t, long vbits, long tDelta, int leading, int trailing) {
        this.chunk = chunk;
        this.b = b;
        this.numSamples = numSamples;
        this.t = t;
        this.vbits = vbits;
        this.tDelta = tDelta;
        this.leading = leading;
        this.trailing = trailing;
    }

    /** The chunk being written. */
    public XorChunk chunk() {
        return chunk;
    }

    /**
     * Appends a sample. NaN payloads (including the stale marker {@code 0x7ff0000000000002}) are kept
     * bit for bit.
     *
     * @throws IllegalStateException when the chunk already holds 65535 samples
     */
    public void append(long ts, double v) {
        long bits = Double.doubleToRawLongBits(v);
        switch (numSamples) {
            case 0 -> {
                writeVarint(ts);
                b.writeBits(bits, 64);
            }
            case 1 -> {
                tDelta = ts - t;
                writeUvarint(tDelta);
                writeValue(bits);
            }
            case 0xFFFF -> throw new IllegalStateException("XOR chunk is full (65535 samples)");
            default -> {
                long delta = ts - t;
                long dod = delta - tDelta;
                if (dod == 0) {
                    b.writeBit(false);
                } else if (bitRange(dod, 14)) {
                    b.writeBits(0b10, 2);
                    b.writeBits(dod, 14);
                } else if (bitRange(dod, 17)) {
                    b.writeBits(0b110, 3);
                    b.writeBits(dod, 17);
                } else if (bitRange(dod, 20)) {
                    b.writeBits(0b1110, 4);
                    b.writeBits(dod, 20);
                } else {
                    b.writeBits(0b1111, 4);
                    b.writeBits(dod, 64);
                }
                tDelta = delta;
                writeValue(bits);
            }
        }
        t = ts;
        vbits = bits;
        numSamples++;
        b.putBE16(0, numSamples);
    }

    /** Whether {@code x} fits the {@code nbits}-bit dod bucket: the decoder reads values above 2^(n-1) as negative. */
    static boolean bitRange(long x, int nbits) {
        return -((1L << (nbits - 1)) - 1) <= x && x <= 1L << (nbits - 1);
    }

    private void writeValue(long bits) {
        long delta = bits ^ vbits;
        if (delta == 0) {
            b.writeBit(false);
            return;
        }
        b.writeBit(true);
        int newLeading = Long.numberOfLeadingZeros(delta);
        int newTrailing = Long.numberOfTrailingZeros(delta);
        if (newLeading >= 32) {
            newLeading = 31;
        }
        if (leading != 0xFF && newLeading >= leading && newTrailing >= trailing) {
            b.writeBit(false);
            b.writeBits(delta >>> trailing, 64 - leading - trailing);
            return;
        }
        leading = newLeading;
        trailing = newTrailing;
        b.writeBit(true);
        b.writeBits(newLeading, 5);
        int sigbits = 64 - newLeading - newTrailing;
        b.writeBits(sigbits, 6); // 64 wraps to 0 in 6 bits, the decoder maps it back
        b.writeBits(delta >>> newTrailing, sigbits);
    }

    private void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }

    private void writeUvarint(long v) {
        while ((v & ~0x7FL) != 0) {
            b.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.writeByte((int) v);
    }
}
