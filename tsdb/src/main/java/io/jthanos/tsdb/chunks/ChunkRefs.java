package io.jthanos.tsdb.chunks;

/**
 * Chunk references of persisted blocks, as Prometheus's {@code BlockChunkRef}: the upper 32 bits are the
 * 0-based index of the segment file (index 0 is file {@code 000001}), the lower 32 bits the byte offset
 * of the chunk's length field in that file.
 */
public final class ChunkRefs {
    private ChunkRefs() {}

    public static long pack(int segmentIndex, long offset) {
        return ((long) segmentIndex << 32) | (offset & 0xFFFFFFFFL);
    }

    public static int segmentIndex(long ref) {
        return (int) (ref >>> 32);
    }

    public static long offset(long ref) {
        return ref & 0xFFFFFFFFL;
    }
}
