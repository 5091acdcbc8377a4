package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * One replica's samples inside a penalty dedup. For counters it keeps an offset so that switching to a
 * replica that saw a lower value (e.g. it missed the increments before a restart) does not look like a
 * counter reset (Thanos's {@code counterErrAdjustSeriesIterator}, issue #2401); otherwise it passes
 * samples through unchanged.
 */
final class ReplicaIterator implements AdjustableSampleIterator {
    private final SampleIterator in;
    private final boolean counter;
    private double errAdjust;

    ReplicaIterator(SampleIterator in, boolean counter) {
        this.in = in;
        this.counter = counter;
    }

    @Override
    public void adjustAtValue(double lastValue) {
        if (!counter) {
            return;
        }
        double v = atF();
        if (lastValue > v) {
            errAdjust += lastValue - v;
        }
    }

    @Override
    public ValueType next() {
        return in.next();
    }

    @Override
    public ValueType seek(long t) {
        return in.seek(t);
    }

    @Override
    public long atT() {
        return in.atT();
    }

    @Override
    public double atF() {
        return in.atF() + errAdjust;
    }
}
