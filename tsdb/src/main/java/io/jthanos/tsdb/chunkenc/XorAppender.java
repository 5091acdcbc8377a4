package io.jthanos.tsdb.chunkenc;

/**
 * Appends float samples to an {@link XorChunk}; a port of Prometheus's {@code xorAppender}. Timestamps
 * must increase strictly (the caller, e.g. the head, checks that). Not thread-safe.
 */
public final class XorAppender extends BitWriter {
    private final XorChunk chunk;
    private int numSamples;
    private long t;
    private long vbits;
    private long tDelta;
    private byte leading;  // unsigned; 0xFF: no leading/trailing window yet
    private byte trailing;

    /** Continues after {@code bitLen} bits of {@code stream}, which it takes over, with the given state. */
    XorAppender(XorChunk chunk, byte[] stream, long bitLen, int numSamples, long t, long vbits, long tDelta, int leading,
            int trailing) {
        super(stream, bitLen);
        this.chunk = chunk;
        this.numSamples = numSamples;
        this.t = t;
        this.vbits = vbits;
        this.tDelta = tDelta;
        this.leading = (byte) leading;
        this.trailing = (byte) trailing;
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
                writeBits(bits, 64);
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
                    writeBit(false);
                } else if (bitRange(dod, 14)) {
                    writeBits(0b10, 2);
                    writeBits(dod, 14);
                } else if (bitRange(dod, 17)) {
                    writeBits(0b110, 3);
                    writeBits(dod, 17);
                } else if (bitRange(dod, 20)) {
                    writeBits(0b1110, 4);
                    writeBits(dod, 20);
                } else {
                    writeBits(0b1111, 4);
                    writeBits(dod, 64);
                }
                tDelta = delta;
                writeValue(bits);
            }
        }
        t = ts;
        vbits = bits;
        numSamples++;
        putBE16(0, numSamples);
    }

    /** Whether {@code x} fits the {@code nbits}-bit dod bucket: the decoder reads values above 2^(n-1) as negative. */
    static boolean bitRange(long x, int nbits) {
        return -((1L << (nbits - 1)) - 1) <= x && x <= 1L << (nbits - 1);
    }

    private void writeValue(long bits) {
        long delta = bits ^ vbits;
        if (delta == 0) {
            writeBit(false);
            return;
        }
        writeBit(true);
        int newLeading = Long.numberOfLeadingZeros(delta);
        int newTrailing = Long.numberOfTrailingZeros(delta);
        if (newLeading >= 32) {
            newLeading = 31;
        }
        int lead = leading & 0xFF, trail = trailing & 0xFF;
        if (lead != 0xFF && newLeading >= lead && newTrailing >= trail) {
            writeBit(false);
            writeBits(delta >>> trail, 64 - lead - trail);
            return;
        }
        leading = (byte) newLeading;
        trailing = (byte) newTrailing;
        writeBit(true);
        writeBits(newLeading, 5);
        int sigbits = 64 - newLeading - newTrailing;
        writeBits(sigbits, 6); // 64 wraps to 0 in 6 bits, the decoder maps it back
        writeBits(delta >>> newTrailing, sigbits);
    }

    private void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }

    private void writeUvarint(long v) {
        while ((v & ~0x7FL) != 0) {
            writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((int) v);
    }
}
