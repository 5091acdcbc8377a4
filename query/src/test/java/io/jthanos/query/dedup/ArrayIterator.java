package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.FloatArrayChunk;

/** Samples from arrays, for tests: the iterator of a {@link FloatArrayChunk} of all of them. */
final class ArrayIterator {
    private ArrayIterator() {}

    static FloatArrayChunk.Iterator of(long[] ts, double[] vs) {
        return new FloatArrayChunk(ts, vs, ts.length).iterator(null);
    }
}
