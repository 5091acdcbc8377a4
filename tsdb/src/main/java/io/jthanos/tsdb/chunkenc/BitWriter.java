package io.jthanos.tsdb.chunkenc;

import java.util.Arrays;

/**
 * An append-only bit stream, most significant bit first (Prometheus's {@code bstream} writing half).
 * Bits past {@link #bitLength()} are always zero, so the last byte is zero-padded.
 */
final class BitWriter {
    private byte[] stream;
    private long bitLen;

    BitWriter(int capacity) {
        stream = new byte[Math.max(capacity, 16)];
    }

    /** Continues writing after {@code bitLen} bits of {@code data} (which it takes over). */
    BitWriter(byte[] data, long bitLen) {
        this.stream = data;
        this.bitLen = bitLen;
    }

    long bitLength() {
        return bitLen;
    }

    int byteLength() {
        return (int) ((bitLen + 7) >>> 3);
    }

    byte[] array() {
        return stream;
    }

    private void ensure(int bits) {
        long needBytes = (bitLen + bits + 7) >>> 3;
        if (needBytes > stream.length) {
            stream = Arrays.copyOf(stream, (int) Math.max(needBytes, stream.length * 2L));
        }
    }

    void writeBit(boolean one) {
        ensure(1);
        if (one) {
            stream[(int) (bitLen >>> 3)] |= (byte) (0x80 >>> (bitLen & 7));
        }
        bitLen++;
    }

    void writeByte(int b) {
        writeBits(b & 0xFF, 8);
    }

    /** Writes the low {@code nbits} bits of {@code u}, most significant first; {@code 0 <= nbits <= 64}. */
    void writeBits(long u, int nbits) {
        ensure(nbits);
        while (nbits > 0) {
            int idx = (int) (bitLen >>> 3);
            int free = 8 - (int) (bitLen & 7);
            int take = Math.min(free, nbits);
            int part = (int) ((u >>> (nbits - take)) & ((1 << take) - 1));
            stream[idx] |= (byte) (part << (free - take));
            bitLen += take;
            nbits -= take;
        }
    }

    /** Sets the two bytes at {@code pos} (the sample count header). */
    void putBE16(int pos, int v) {
        stream[pos] = (byte) (v >>> 8);
        stream[pos + 1] = (byte) v;
    }
}
