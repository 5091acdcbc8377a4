package io.jthanos.tsdb.encoding;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli), the checksum of every Prometheus TSDB file, over arrays and segments of any size. */
public final class Crc32c {
    private static final long MAX_SLICE = 1L << 30;

    private Crc32c() {}

    public static int of(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** The checksum of {@code length} bytes of {@code seg} from {@code offset}. */
    public static int of(MemorySegment seg, long offset, long length) {
        CRC32C c = new CRC32C();
        while (length > 0) {
            long n = Math.min(length, MAX_SLICE);
            c.update(seg.asSlice(offset, n).asByteBuffer());
            offset += n;
            length -= n;
        }
        return (int) c.getValue();
    }
}
