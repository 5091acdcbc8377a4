package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Merges several sample iterators into one in timestamp order, keeping one sample per timestamp (the one
 * of the first iterator that has it). The {@code chain} deduplication (Prometheus's
 * {@code chainSampleIterator}, Thanos's {@code --deduplication.func=chain}).
 */
public final class ChainSampleIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final boolean[] alive;
    private final long[] heads;
    private int current = -1;
    private boolean started;

    public ChainSampleIterator(List<SampleIterator> iterators) {
        its = iterators.toArray(new SampleIterator[0]);
        alive = new boolean[its.length];
        heads = new long[its.length];
    }

    /** One iterator as is, several chained. */
    public static SampleIterator of(List<SampleIterator> iterators) {
        return iterators.size() == 1 ? iterators.get(0) : new ChainSampleIterator(iterators);
    }

    private void advance(int i, ValueType vt) {
        alive[i] = vt != ValueType.NONE;
        if (alive[i]) {
            heads[i] = its[i].atT();
        }
    }

    private ValueType pick() {
        current = -1;
        for (int i = 0; i < its.length; i++) {
            if (alive[i] && (current < 0 || heads[i] < heads[current])) {
                current = i;
            }
        }
        return current < 0 ? ValueType.NONE : ValueType.FLOAT;
    }

    @Override
    public ValueType next() {
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                advance(i, its[i].next());
            }
            return pick();
        }
        if (current < 0) {
            return ValueType.NONE;
        }
        long t = heads[current];
        for (int i = 0; i < its.length; i++) {
            if (alive[i] && heads[i] == t) {
                advance(i, its[i].next());
            }
        }
        return pick();
    }

    @Override
    public ValueType seek(long t) {
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                advance(i, its[i].seek(t));
            }
            return pick();
        }
        if (current < 0) {
            return ValueType.NONE;
        }
        if (heads[current] >= t) {
            return ValueType.FLOAT;
        }
        for (int i = 0; i < its.length; i++) {
            if (alive[i] && heads[i] < t) {
                advance(i, its[i].seek(t));
            }
        }
        return pick();
    }

    @Override
    public long atT() {
        return heads[current];
    }

    @Override
    public double atF() {
        return its[current].atF();
    }
}
