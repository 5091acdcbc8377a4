package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/** Samples from arrays, for tests. */
final class ArrayIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private int i = -1;

    ArrayIterator(long[] ts, double[] vs) {
        this.ts = ts;
        this.vs = vs;
    }

    @Override
    public ValueType next() {
        if (i < ts.length) {
            i++;
        }
        return i < ts.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        if (i < 0) {
            i = 0;
        }
        while (i < ts.length && ts[i] < t) {
            i++;
        }
        return i < ts.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long atT() {
        return ts[i];
    }

    @Override
    public double atF() {
        return vs[i];
    }
}
