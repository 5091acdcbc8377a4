package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * Float samples of one deduplicated series (or any other decoded float samples): the first {@code size}
 * entries of the arrays, in strictly increasing time order.
 */
public record DedupedSamples(long[] timestamps, double[] values, int size) {

    /** The samples as an iterator; {@code seek} moves forward to the first sample at or after its target. */
    public SampleIterator iterator() {
        return new Iterator(this);
    }

    /** An iterator over deduplicated samples, which gives back the samples it reads. */
    public static final class Iterator implements SampleIterator {
        private final DedupedSamples samples;
        private final long[] ts;
        private final double[] fs;
        private final int size;
        private int i = -1;

        private Iterator(DedupedSamples samples) {
            this.samples = samples;
            this.ts = samples.timestamps;
            this.fs = samples.values;
            this.size = samples.size;
        }

        /** The samples this iterator reads. */
        public DedupedSamples samples() {
            return samples;
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
