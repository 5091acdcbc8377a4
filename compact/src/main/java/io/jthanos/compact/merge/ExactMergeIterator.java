package io.jthanos.compact.merge;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * Merges sample iterators by timestamp and keeps one sample per timestamp (that of the first input
 * holding it), like Prometheus's chained merge used by its compacting chunk-series merger. Inputs are
 * few (the chunks overlapping one another), so a linear scan beats a heap.
 */
final class ExactMergeIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final boolean[] ok;
    private boolean started;
    private int cur = -1;
    private long t;
    private double v;

    ExactMergeIterator(SampleIterator[] its) {
        this.its = its;
        this.ok = new boolean[its.length];
    }

    @Override
    public ValueType next() {
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                ok[i] = its[i].next() == ValueType.FLOAT;
            }
        } else if (cur >= 0) {
            for (int i = 0; i < its.length; i++) {
                if (ok[i] && its[i].atT() == t) {
                    ok[i] = its[i].next() == ValueType.FLOAT;
                }
            }
        } else {
            return ValueType.NONE;
        }
        cur = -1;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < its.length; i++) {
            if (ok[i] && its[i].atT() < min) {
                min = its[i].atT();
                cur = i;
            }
        }
        if (cur < 0) {
            return ValueType.NONE;
        }
        t = min;
        v = its[cur].atF();
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long target) {
        if (started && cur >= 0 && t >= target) {
            return ValueType.FLOAT;
        }
        ValueType vt;
        while ((vt = next()) == ValueType.FLOAT && t < target) {
            // advance
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
