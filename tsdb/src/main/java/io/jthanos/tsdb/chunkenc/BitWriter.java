package io.jthanos.tsdb.chunkenc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An append-only bit stream, most significant bit first (Prometheus's {@code bstream} writing half).
 * Bits past {@link #bitLength()} are always zero, so the last byte is zero-padded. {@link XorAppender}
 * extends it, so that an open chunk is one object besides its bytes.
 */
sealed class BitWriter permits XorAppender {
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] stream;
    private int bitLen; // an XOR chunk holds at most 65535 samples of at most 145 bits

    BitWriter(int capacity) {
        stream = new byte[Math.max(capacity, 16)];
    }

    /** Continues writing after {@code bitLen} bits of {@code data} (which it takes over). */
    BitWriter(byte[] data, long bitLen) {
        if (bitLen < 0 || bitLen > Integer.MAX_VALUE || (bitLen + 7) >>> 3 > data.length) {
            throw new IllegalArgumentException("bit length " + bitLen + " does not fit " + data.length + " bytes");
        }
        this.stream = data;
        this.bitLen = (int) bitLen;
    }

    long bitLength() {
        return bitLen;
    }

    int byteLength() {
        return (bitLen + 7) >>> 3;
    }

    byte[] array() {
        return stream;
    }

    /** Makes the array at least {@code needBytes} long, keeping the zero padding past the stream. */
    private void ensure(int needBytes) {
        if (needBytes > stream.length) {
            // by half, not double: most of a growing chunk's buffer is in use when it is cut
            stream = Arrays.copyOf(stream, Math.max(needBytes, stream.length + (stream.length >> 1)));
        }
    }

    void writeBit(boolean one) {
        ensure((bitLen >>> 3) + 1);
        if (one) {
            stream[bitLen >>> 3] |= (byte) (0x80 >>> (bitLen & 7));
        }
        bitLen++;
    }

    void writeByte(int b) {
        writeBits(b & 0xFF, 8);
    }

    /**
     * Writes the low {@code nbits} bits of {@code u}, most significant first; {@code 0 <= nbits <= 64}.
     * One 8-byte read-modify-write (plus one byte when the bits straddle it) at the byte holding the
     * next bit, so the array is first made to reach 9 bytes past that byte (all zero beyond the stream).
     */
    void writeBits(long u, int nbits) {
        if (nbits == 0) {
            return;
        }
        ensure((bitLen >>> 3) + 9);
        long v = u << (64 - nbits);
        int idx = bitLen >>> 3;
        int sh = bitLen & 7;
        BE_LONG.set(stream, idx, (long) BE_LONG.get(stream, idx) | (v >>> sh));
        if (sh + nbits > 64) {
            stream[idx + 8] |= (byte) ((v << (64 - sh)) >>> 56);
        }
        bitLen += nbits;
    }

    /** Sets the two bytes at {@code pos} (the sample count header). */
    void putBE16(int pos, int v) {
        stream[pos] = (byte) (v >>> 8);
        stream[pos + 1] = (byte) v;
    }
}
