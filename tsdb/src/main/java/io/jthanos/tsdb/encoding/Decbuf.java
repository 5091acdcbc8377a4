package io.jthanos.tsdb.encoding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked big-endian decoder over a {@link MemorySegment}, the reading half of Prometheus's
 * {@code tsdb/encoding}. Every read past the end, overlong varint or checksum mismatch throws
 * {@link CorruptBlockException} naming the file and its absolute offset; nothing is sticky.
 *
 * <p>Positions are offsets into the whole file segment: a decoder built by {@link #atLengthPrefixed}
 * covers a section's content, but {@link #position()} keeps counting from the start of the file.
 */
public final class Decbuf {
    static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment seg;
    private final String resource;
    private long pos;
    private long end;

    /** A decoder over {@code [start, end)} of {@code seg}. */
    public Decbuf(MemorySegment seg, String resource, long start, long end) {
        this.seg = seg;
        this.resource = resource;
        this.pos = start;
        this.end = end;
    }

    /**
     * A decoder over the section at {@code offset}: a 4-byte big-endian length, that many bytes of
     * content, then the CRC-32C of the content, which is verified here.
     */
    public static Decbuf atLengthPrefixed(MemorySegment seg, String resource, long offset) throws CorruptBlockException {
        if (offset < 0 || offset + 4 > seg.byteSize()) {
            throw new CorruptBlockException(resource, offset, "section length out of bounds (file size " + seg.byteSize() + ")");
        }
        long len = Integer.toUnsignedLong(seg.get(BE_INT, offset));
        return checked(seg, resource, offset, offset + 4, len);
    }

    /** As {@link #atLengthPrefixed} with the length as uvarint (series entries). */
    public static Decbuf atUvarintPrefixed(MemorySegment seg, String resource, long offset) throws CorruptBlockException {
        if (offset < 0 || offset >= seg.byteSize()) {
            throw new CorruptBlockException(resource, offset, "entry offset out of bounds (file size " + seg.byteSize() + ")");
        }
        Decbuf d = new Decbuf(seg, resource, offset, seg.byteSize());
        long len = d.uvarint();
        return checked(seg, resource, offset, d.pos, len);
    }

    private static Decbuf checked(MemorySegment seg, String resource, long offset, long start, long len) throws CorruptBlockException {
        if (len < 0 || start + len + 4 > seg.byteSize()) {
            throw new CorruptBlockException(resource, offset, "length " + len + " exceeds file size " + seg.byteSize());
        }
        int want = seg.get(BE_INT, start + len);
        int got = Crc32c.of(seg, start, len);
        if (want != got) {
            throw new CorruptBlockException(resource, offset, String.format("checksum mismatch: stored %08x, computed %08x", want, got));
        }
        return new Decbuf(seg, resource, start, start + len);
    }

    public String resource() {
        return resource;
    }

    /** The absolute offset of the next byte. */
    public long position() {
        return pos;
    }

    /** Bytes left. */
    public long remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** A corruption error at the current position. */
    public CorruptBlockException corrupt(String detail) {
        return new CorruptBlockException(resource, pos, detail);
    }

    private void need(long n) throws CorruptBlockException {
        if (n > end - pos) {
            throw corrupt("need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public void skip(long n) throws CorruptBlockException {
        if (n < 0) {
            throw corrupt("negative skip " + n);
        }
        need(n);
        pos += n;
    }

    /** Moves to absolute offset {@code p} within this decoder's range. */
    public void seek(long p) throws CorruptBlockException {
        if (p < 0 || p > end) {
            throw corrupt("seek to " + p + " outside section ending at " + end);
        }
        pos = p;
    }

    public int byte1() throws CorruptBlockException {
        need(1);
        return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    /** A big-endian 32-bit integer. */
    public int be32() throws CorruptBlockException {
        need(4);
        int v = seg.get(BE_INT, pos);
        pos += 4;
        return v;
    }

    /** A big-endian 32-bit integer that must fit a non-negative {@code int}. */
    public int be32int() throws CorruptBlockException {
        int v = be32();
        if (v < 0) {
            throw new CorruptBlockException(resource, pos - 4, "count " + Integer.toUnsignedString(v) + " too large");
        }
        return v;
    }

    public long be64() throws CorruptBlockException {
        need(8);
        long v = seg.get(BE_LONG, pos);
        pos += 8;
        return v;
    }

    /** An unsigned varint (at most 10 bytes, as Go's {@code binary.Uvarint}). */
    public long uvarint() throws CorruptBlockException {
        long x = 0;
        int s = 0;
        long start = pos;
        for (int i = 0; i < 10; i++) {
            if (pos >= end) {
                throw new CorruptBlockException(resource, start, "truncated varint");
            }
            int b = seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
            if (b < 0x80) {
                if (i == 9 && b > 1) {
                    break;
                }
                return x | ((long) b << s);
            }
            x |= (long) (b & 0x7F) << s;
            s += 7;
        }
        throw new CorruptBlockException(resource, start, "varint overflows 64 bits");
    }

    /** A zig-zag varint. */
    public long varint() throws CorruptBlockException {
        long ux = uvarint();
        return (ux >>> 1) ^ -(ux & 1);
    }

    /** An unsigned varint that must fit 32 bits (symbol references). */
    public int uvarint32() throws CorruptBlockException {
        long start = pos;
        long v = uvarint();
        if ((v >>> 32) != 0) {
            throw new CorruptBlockException(resource, start, "value " + Long.toUnsignedString(v) + " overflows 32 bits");
        }
        return (int) v;
    }

    /** An unsigned varint that must fit a non-negative {@code int} (counts, lengths). */
    public int uvarintInt() throws CorruptBlockException {
        long start = pos;
        long v = uvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptBlockException(resource, start, "count " + Long.toUnsignedString(v) + " too large");
        }
        return (int) v;
    }

    /** The bytes of a uvarint-length-prefixed string, as a slice. */
    public MemorySegment uvarintBytes() throws CorruptBlockException {
        long n = uvarint();
        if (n < 0) {
            throw corrupt("negative length");
        }
        need(n);
        MemorySegment s = seg.asSlice(pos, n);
        pos += n;
        return s;
    }

    /** A uvarint-length-prefixed UTF-8 string. */
    public String uvarintStr() throws CorruptBlockException {
        long n = uvarint();
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw corrupt("string length " + n + " too large");
        }
        need(n);
        String s = string(seg, pos, (int) n);
        pos += n;
        return s;
    }

    /** Decodes {@code n} UTF-8 bytes at {@code off}. */
    public static String string(MemorySegment seg, long off, int n) {
        if (n == 0) {
            return "";
        }
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }
}
