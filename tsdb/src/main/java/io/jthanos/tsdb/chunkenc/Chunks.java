package io.jthanos.tsdb.chunkenc;

import java.lang.foreign.MemorySegment;

/** Factory of {@link Chunk}s from an encoding and encoded bytes (Prometheus's {@code chunkenc.FromData}). */
public final class Chunks {
    private Chunks() {}

    /**
     * The chunk for {@code data} in {@code encoding}. XOR chunks decode; histogram, float histogram,
     * XOR2 and Thanos aggregate chunks are carried as {@link OpaqueChunk}s.
     *
     * @throws IllegalArgumentException for {@link Encoding#NONE} or data too short for its encoding
     */
    public static Chunk fromEncoding(Encoding encoding, MemorySegment data) {
        return switch (encoding) {
            case XOR -> XorChunk.wrap(data);
            case HISTOGRAM, FLOAT_HISTOGRAM, XOR2, HISTOGRAM_ST, FLOAT_HISTOGRAM_ST, AGGR -> new OpaqueChunk(encoding, data);
            case NONE -> throw new IllegalArgumentException("chunk encoding NONE carries no data");
        };
    }
}
