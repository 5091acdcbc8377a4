package io.jthanos.store.gateway;

/** Unsigned varints (Go's {@code binary.Uvarint}) in byte arrays that may end early, as ranged reads do. */
final class Uvarint {
    /** The most bytes a 64-bit uvarint takes. */
    static final int MAX_LEN = 10;
    /** {@link #read} for a truncated varint. */
    static final long TRUNCATED = -1;
    /** {@link #read} for a varint longer than 63 bits (lengths never are). */
    static final long OVERFLOW = -2;

    private Uvarint() {}

    /** The uvarint at {@code off}, {@link #TRUNCATED} if {@code b} ends inside it, {@link #OVERFLOW} if too long. */
    static long read(byte[] b, int off) {
        long v = 0;
        for (int shift = 0, p = off; shift < 63; shift += 7, p++) {
            if (p >= b.length) {
                return TRUNCATED;
            }
            int x = b[p] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        return OVERFLOW;
    }

    /** Bytes {@code v} takes as a uvarint. */
    static int size(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
