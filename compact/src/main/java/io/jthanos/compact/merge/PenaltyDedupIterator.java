package io.jthanos.compact.merge;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;

/**
 * Deduplicates two replicas of one series with the querier's penalty algorithm (port of Thanos
 * {@code pkg/dedup/iter.go} {@code dedupSeriesIterator}, without the counter adjustment, as the
 * compactor's penalty merger does): both replicas are advanced to {@code lastT + 1 + penalty}; the one
 * with the earlier sample wins (ties go to the first); the other gets a penalty of twice the gap
 * between the chosen sample and the previous one (5 s before the first sample), so that the output
 * does not alternate between replicas at a higher rate than either was scraped.
 */
final class PenaltyDedupIterator implements SampleIterator {
    static final long INITIAL_PENALTY = 5000;

    private final SampleIterator a;
    private final SampleIterator b;
    private boolean aok;
    private boolean bok;
    private boolean started;
    private long lastT = Long.MIN_VALUE;
    private long penA;
    private long penB;
    private boolean useA = true;
    private boolean done;

    PenaltyDedupIterator(SampleIterator a, SampleIterator b) {
        this.a = a;
        this.b = b;
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        if (!started) {
            started = true;
            aok = a.next() == ValueType.FLOAT;
            bok = b.next() == ValueType.FLOAT;
        }
        // lastT + 1 + pen cannot overflow in practice: lastT is MIN_VALUE only before the first sample.
        if (aok) {
            aok = a.seek(lastT + 1 + penA) == ValueType.FLOAT;
        }
        if (bok) {
            bok = b.seek(lastT + 1 + penB) == ValueType.FLOAT;
        }
        if (!aok) {
            useA = false;
            if (bok) {
                lastT = b.atT();
                penB = 0;
                return ValueType.FLOAT;
            }
            done = true;
            return ValueType.NONE;
        }
        if (!bok) {
            useA = true;
            lastT = a.atT();
            penA = 0;
            return ValueType.FLOAT;
        }
        long ta = a.atT();
        long tb = b.atT();
        useA = ta <= tb;
        if (useA) {
            penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : INITIAL_PENALTY;
            penA = 0;
            lastT = ta;
        } else {
            penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : INITIAL_PENALTY;
            penB = 0;
            lastT = tb;
        }
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long t) {
        if (started && !done && atT() >= t) {
            return ValueType.FLOAT;
        }
        ValueType vt;
        while ((vt = next()) == ValueType.FLOAT && atT() < t) {
            // advance without skipping, so gaps are seen as the querier sees them
        }
        return vt;
    }

    @Override
    public long atT() {
        return useA ? a.atT() : b.atT();
    }

    @Override
    public double atF() {
        return useA ? a.atF() : b.atF();
    }
}
