package io.jthanos.storage;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * The samples of several iterators of one series, merged by timestamp; where several have a sample at
 * the same timestamp, the one of the earliest iterator wins and the others are dropped (Prometheus's
 * {@code chainSampleIterator}). Float samples only. Allocates nothing per sample.
 */
public final class ChainSampleIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final long[] ts;
    private final double[] vs;
    private final boolean[] valid;
    private boolean started;
    private boolean done;
    private long curT;
    private double curV;

    public ChainSampleIterator(SampleIterator... its) {
        this.its = its;
        this.ts = new long[its.length];
        this.vs = new double[its.length];
        this.valid = new boolean[its.length];
    }

    private void load(int i, ValueType vt) {
        if (vt == ValueType.FLOAT) {
            valid[i] = true;
            ts[i] = its[i].atT();
            vs[i] = its[i].atF();
        } else if (vt == ValueType.NONE) {
            valid[i] = false;
        } else {
            throw new UnsupportedOperationException("merging " + vt + " samples is not supported yet");
        }
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                load(i, its[i].next());
            }
        } else {
            for (int i = 0; i < its.length; i++) {
                if (valid[i] && ts[i] <= curT) {
                    load(i, its[i].next());
                }
            }
        }
        return pick();
    }

    @Override
    public ValueType seek(long t) {
        if (done) {
            return ValueType.NONE;
        }
        if (started && curT >= t) {
            return ValueType.FLOAT;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                load(i, its[i].seek(t));
            }
        } else {
            for (int i = 0; i < its.length; i++) {
                if (valid[i] && ts[i] < t) {
                    load(i, its[i].seek(t));
                }
            }
        }
        return pick();
    }

    private ValueType pick() {
        int best = -1;
        for (int i = 0; i < its.length; i++) {
            if (valid[i] && (best < 0 || ts[i] < ts[best])) {
                best = i;
            }
        }
        if (best < 0) {
            done = true;
            return ValueType.NONE;
        }
        curT = ts[best];
        curV = vs[best];
        return ValueType.FLOAT;
    }

    @Override
    public long atT() {
        return curT;
    }

    @Override
    public double atF() {
        return curV;
    }
}
