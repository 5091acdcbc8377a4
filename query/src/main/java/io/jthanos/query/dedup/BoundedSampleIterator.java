package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * Restricts a sample iterator to {@code [minTime, maxTime]} (Thanos's {@code boundedSeriesIterator}):
 * chunks from stores may reach beyond the queried range.
 */
public final class BoundedSampleIterator implements SampleIterator {
    private final SampleIterator in;
    private final long minTime;
    private final long maxTime;

    public BoundedSampleIterator(SampleIterator in, long minTime, long maxTime) {
        this.in = in;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public ValueType seek(long t) {
        if (t > maxTime) {
            return ValueType.NONE;
        }
        ValueType vt = in.seek(Math.max(t, minTime));
        return vt == ValueType.NONE || in.atT() > maxTime ? ValueType.NONE : vt;
    }

    @Override
    public ValueType next() {
        ValueType vt = in.next();
        if (vt == ValueType.NONE) {
            return ValueType.NONE;
        }
        if (in.atT() < minTime) {
            vt = in.seek(minTime);
            if (vt == ValueType.NONE) {
                return ValueType.NONE;
            }
        }
        return in.atT() <= maxTime ? vt : ValueType.NONE;
    }

    @Override
    public long atT() {
        return in.atT();
    }

    @Override
    public double atF() {
        return in.atF();
    }
}
