package io.jthanos.tsdb.downsample;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Turns an ordered sequence of counter chunks (raw, or counter aggregates) into one monotonically
 * increasing series (port of Thanos's {@code ApplyCounterResetsSeriesIterator}). A counter aggregate
 * chunk starts with its first raw value and ends with its last raw value repeated at the timestamp of
 * the sample before: a sample whose timestamp equals the previous one is such a marker and only
 * updates the value that the next chunk's first value is compared with, so resets between chunks are
 * seen. Samples going back in time and NaNs are skipped.
 */
public final class CounterResetsIterator implements SampleIterator {
    private final List<SampleIterator> chunks;
    private int i;
    private int total;
    private long lastT;
    private double lastV;
    private double totalV;

    public CounterResetsIterator(List<SampleIterator> chunks) {
        this.chunks = chunks;
    }

    @Override
    public ValueType next() {
        while (i < chunks.size()) {
            SampleIterator c = chunks.get(i);
            ValueType vt = c.next();
            if (vt == ValueType.NONE) {
                i++;
                // Thanos seeks to lastT + 1 here; with the loop below that is the same as reading on.
                continue;
            }
            if (vt != ValueType.FLOAT) {
                throw new UnsupportedOperationException("counter aggregation of native histograms is not supported yet");
            }
            long t = c.atT();
            double v = c.atF();
            if (Double.isNaN(v)) {
                continue;
            }
            if (total == 0) {
                total++;
                lastT = t;
                lastV = v;
                totalV = v;
                return ValueType.FLOAT;
            }
            if (t > lastT) {
                totalV += v >= lastV ? v - lastV : v;
                lastT = t;
                lastV = v;
                total++;
                return ValueType.FLOAT;
            }
            if (t == lastT) {
                lastV = v;
            }
        }
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        if (total > 0 && lastT >= t) {
            return ValueType.FLOAT;
        }
        ValueType vt;
        while ((vt = next()) == ValueType.FLOAT && lastT < t) {
            // iterate, never skip: resets must not be missed
        }
        return vt;
    }

    @Override
    public long atT() {
        return lastT;
    }

    @Override
    public double atF() {
        return totalV;
    }

    /** The last raw value seen (the marker value at the end of the last chunk). */
    public double lastRawValue() {
        return lastV;
    }
}
