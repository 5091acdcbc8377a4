package io.jthanos.tsdb.chunkenc;

import java.lang.foreign.MemorySegment;

/**
 * Float samples already decoded into arrays (deduplicated replicas, downsampled aggregates), offered as a chunk
 * so that a reader of chunks can take them. It claims {@link Encoding#XOR}, the encoding of float samples, but
 * has no encoded bytes.
 *
 * <p>Readers may keep the arrays without copying them (the PromQL engine does), so whoever makes the chunk must
 * not modify them afterwards. The one exception is a reader handing back this chunk's {@link Iterator} as the
 * {@code reuse} argument of its producer, which says it no longer reads the samples.
 *
 * @param timestamps the first {@code size} entries are the samples' timestamps, strictly increasing
 * @param values the first {@code size} entries are the samples' values
 * @param size the number of samples
 */
public record FloatArrayChunk(long[] timestamps, double[] values, int size) implements Chunk {

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

    /** A new iterator over the arrays; {@code reuse} is ignored, as the arrays are the state. */
    @Override
    public Iterator iterator(SampleIterator reuse) {
        return new Iterator(this);
    }

    /** An iterator over a {@link FloatArrayChunk}, which gives back the chunk it reads. */
    public static final class Iterator implements SampleIterator {
        private final FloatArrayChunk chunk;
        private final long[] ts;
        private final double[] fs;
        private final int size;
        private int i = -1;

        private Iterator(FloatArrayChunk chunk) {
            this.chunk = chunk;
            this.ts = chunk.timestamps;
            this.fs = chunk.values;
            this.size = chunk.size;
        }

        /** The chunk this iterator reads. */
        public FloatArrayChunk chunk() {
            return chunk;
        }

        @Override
        public ValueType next() {
            if (i < size) {
                i++;
            }
            return i < size ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            if (i < 0) {
                i = 0;
            }
            while (i < size && ts[i] < t) {
                i++;
            }
            return i < size ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public long atT() {
            return ts[i];
        }

        @Override
        public double atF() {
            return fs[i];
        }
    }
}
