package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * One replica's samples inside a penalty dedup, restricted to {@code [minTime, maxTime]} (Thanos's
 * {@code boundedSeriesIterator}). For counters it keeps an offset so that switching to a replica that saw a
 * lower value (e.g. it missed the increments before a restart) does not look like a counter reset (Thanos's
 * {@code counterErrAdjustSeriesIterator}, issue #2401); otherwise it passes samples through unchanged.
 *
 * <p>The current sample is kept in fields: the dedup reads a replica's timestamp several times per step, and
 * each read would otherwise walk the chain of chunk iterators below.
 */
final class ReplicaIterator implements AdjustableSampleIterator {
    private final SampleIterator in;
    private final boolean counter;
    private final long minTime;
    private final long maxTime;
    private double errAdjust;
    private ValueType vt = ValueType.NONE;
    private boolean positioned;
    private boolean exhausted;
    private long t;
    private double f;

    ReplicaIterator(SampleIterator in, boolean counter) {
        this(in, counter, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    ReplicaIterator(SampleIterator in, boolean counter, long minTime, long maxTime) {
        this.in = in;
        this.counter = counter;
        this.minTime = minTime;
        this.maxTime = maxTime;
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
        if (exhausted) {
            return ValueType.NONE;
        }
        ValueType r = in.next();
        if (r != ValueType.NONE && in.atT() < minTime) {
            r = in.seek(minTime);
        }
        return land(r);
    }

    @Override
    public ValueType seek(long target) {
        if (exhausted) {
            return ValueType.NONE;
        }
        if (positioned) {
            if (t >= target) {
                return vt;
            }
            if (t + 1 == target) {
                // The winner of a dedup step moves on by one: a plain next(), unless timestamps repeat.
                ValueType r = in.next();
                if (r == ValueType.NONE || in.atT() >= target) {
                    return land(r);
                }
            }
        }
        if (target > maxTime) {
            return land(ValueType.NONE);
        }
        return land(in.seek(Math.max(target, minTime)));
    }

    /** Takes the position of {@code in}, ending the replica past {@code maxTime}. */
    private ValueType land(ValueType r) {
        if (r == ValueType.NONE || (t = in.atT()) > maxTime) {
            exhausted = true;
            positioned = false;
            vt = ValueType.NONE;
            return ValueType.NONE;
        }
        positioned = true;
        vt = r;
        f = r == ValueType.FLOAT ? in.atF() : 0;
        return r;
    }

    @Override
    public long atT() {
        return t;
    }

    @Override
    public double atF() {
        return adjusted(f, errAdjust);
    }

    /**
     * {@code v} plus the counter adjustment. NaNs, stale markers above all, keep their bits: arithmetic on a
     * signalling NaN (the stale marker is one) would make it a plain NaN, even when adding zero.
     */
    static double adjusted(double v, double adjust) {
        return adjust == 0 || Double.isNaN(v) ? v : v + adjust;
    }
}
