package io.jthanos.query;

import io.jthanos.query.dedup.DedupedSamples;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.lang.foreign.MemorySegment;

/**
 * Float samples already decoded (deduplicated replicas, downsampled aggregates), offered as a chunk so that a
 * reader of chunks can take them. It claims {@link Encoding#XOR}, the encoding of float samples; it has no
 * encoded bytes.
 */
final class SampleArrayChunk implements Chunk {
    private final long[] timestamps;
    private final double[] values;
    private final int size;

    /** The first {@code size} samples of the arrays, in time order. */
    SampleArrayChunk(long[] timestamps, double[] values, int size) {
        this.timestamps = timestamps;
        this.values = values;
        this.size = size;
    }

    @Override
    public Encoding encoding() {
        return Encoding.XOR;
    }

    @Override
    public MemorySegment bytes() {
        throw new UnsupportedOperationException("decoded samples have no encoded bytes");
    }

    @Override
    public int numSamples() {
        return size;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        return new DedupedSamples(timestamps, values, size).iterator();
    }
}
