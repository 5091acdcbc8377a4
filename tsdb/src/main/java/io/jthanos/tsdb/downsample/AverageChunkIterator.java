package io.jthanos.tsdb.downsample;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * The average of each downsampled window, {@code sum / count}, read from the count and sum aggregates of one
 * {@link AggrChunk} in step (port of Thanos's {@code downsample.AverageChunkIterator}). Both aggregates are
 * written together by the compactor, so they have the same timestamps; when they do not, the chunk is corrupt
 * and the iterator throws rather than pair unrelated samples.
 */
public final class AverageChunkIterator implements SampleIterator {
    private final SampleIterator count;
    private final SampleIterator sum;
    private long t;
    private double v;
    private boolean positioned;

    public AverageChunkIterator(SampleIterator count, SampleIterator sum) {
        this.count = count;
        this.sum = sum;
    }

    /** The averages of {@code chunk}; it must hold both the count and the sum aggregate. */
    public static AverageChunkIterator of(AggrChunk chunk) {
        var c = chunk.get(AggrType.COUNT);
        var s = chunk.get(AggrType.SUM);
        if (c == null || s == null) {
            throw new IllegalStateException("aggregate chunk has no " + (c == null ? "count" : "sum")
                    + " aggregate; an average needs both");
        }
        return new AverageChunkIterator(c.iterator(null), s.iterator(null));
    }

    @Override
    public ValueType next() {
        ValueType c = count.next();
        ValueType s = sum.next();
        if (c != s) {
            throw new IllegalStateException("sum and count aggregates are not aligned: " + c + " vs " + s);
        }
        if (c == ValueType.NONE) {
            positioned = false;
            return ValueType.NONE;
        }
        if (count.atT() != sum.atT()) {
            throw new IllegalStateException("sum and count timestamps are not aligned: " + count.atT() + " vs "
                    + sum.atT());
        }
        t = count.atT();
        v = sum.atF() / count.atF();
        positioned = true;
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long target) {
        if (positioned && t >= target) {
            return ValueType.FLOAT;
        }
        ValueType vt;
        while ((vt = next()) == ValueType.FLOAT && t < target) {
            // step both sub-iterators together
        }
        return vt;
    }

    @Override
    public long atT() {
        return t;
    }

    @Override
    public double atF() {
        return v;
    }
}
