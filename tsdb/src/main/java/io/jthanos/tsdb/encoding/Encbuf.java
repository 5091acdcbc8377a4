package io.jthanos.tsdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the encoders of Prometheus's {@code tsdb/encoding}: big-endian fixed
 * width integers, unsigned and zig-zag varints, length-prefixed strings and CRC-32C. Reusable through
 * {@link #reset()}; not thread-safe.
 */
public final class Encbuf {
    private byte[] b;
    private int len;

    public Encbuf() {
        this(256);
    }

    public Encbuf(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    public Encbuf reset() {
        len = 0;
        return this;
    }

    /** Number of bytes written. */
    public int len() {
        return len;
    }

    /** The backing array; bytes {@code [0, len())} are valid until the next write. */
    public byte[] array() {
        return b;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(b, len);
    }

    private void ensure(int more) {
        if (len + more > b.length) {
            b = Arrays.copyOf(b, Math.max(len + more, b.length * 2));
        }
    }

    public Encbuf putByte(int v) {
        ensure(1);
        b[len++] = (byte) v;
        return this;
    }

    public Encbuf putBytes(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, b, len, n);
        len += n;
        return this;
    }

    public Encbuf putBytes(byte[] src) {
        return putBytes(src, 0, src.length);
    }

    public Encbuf putBE32(int v) {
        ensure(4);
        b[len] = (byte) (v >>> 24);
        b[len + 1] = (byte) (v >>> 16);
        b[len + 2] = (byte) (v >>> 8);
        b[len + 3] = (byte) v;
        len += 4;
        return this;
    }

    public Encbuf putBE64(long v) {
        putBE32((int) (v >>> 32));
        return putBE32((int) v);
    }

    /** Overwrites 4 bytes at {@code pos} with {@code v}, big-endian. */
    public void setBE32(int pos, int v) {
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
    }

    /** Unsigned LEB128 varint of {@code v} taken as an unsigned 64-bit integer. */
    public Encbuf putUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            b[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[len++] = (byte) v;
        return this;
    }

    /** Zig-zag varint, as Go's {@code binary.PutVarint}. */
    public Encbuf putVarint(long v) {
        return putUvarint((v << 1) ^ (v >> 63));
    }

    /** The UTF-8 bytes of {@code s} prefixed by their length as uvarint. */
    public Encbuf putUvarintStr(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(u.length);
        return putBytes(u);
    }

    /** Appends the CRC-32C of bytes {@code [from, len())}, big-endian. */
    public Encbuf putCrc32c(int from) {
        return putBE32(Crc32c.of(b, from, len - from));
    }

    /** Number of bytes {@link #putUvarint} writes for {@code v}. */
    public static int uvarintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
