package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Merges two replicas of a series by Thanos's penalty algorithm ({@code pkg/dedup/iter.go},
 * {@code dedupSeriesIterator}); more replicas nest pairwise.
 *
 * <p>It keeps the timestamp {@code lastT} of the last emitted sample and seeks each replica to
 * {@code lastT + 1 + penalty}. The replica with the smaller next timestamp wins (ties go to A); the
 * other replica's penalty becomes twice the gap just stepped over, or {@value #INITIAL_PENALTY} ms before
 * the first sample, and the winner's penalty becomes 0. So the output follows one replica and switches
 * only across gaps in it, without raising the sample rate. When the winner changes, both replicas are
 * told the last emitted value, which counter replicas use to avoid false resets.
 *
 * <p>Primitive state only; nothing is allocated per sample.
 */
public final class PenaltyDedupIterator implements AdjustableSampleIterator {
    /** Penalty in milliseconds before any sample was emitted. */
    public static final long INITIAL_PENALTY = 5000;

    private final AdjustableSampleIterator a;
    private final AdjustableSampleIterator b;
    private ValueType aval;
    private ValueType bval;
    private long lastT = Long.MIN_VALUE;
    private boolean lastIsA = true;
    private long penA;
    private long penB;
    /** Seek targets not yet applied to a replica that lost the last step; {@code Long.MIN_VALUE} for none. */
    private long pendingA = Long.MIN_VALUE;
    private long pendingB = Long.MIN_VALUE;
    private boolean useA = true;
    private boolean started;

    private PenaltyDedupIterator(AdjustableSampleIterator a, AdjustableSampleIterator b) {
        this.a = a;
        this.b = b;
        this.aval = a.next();
        this.bval = b.next();
    }

    /**
     * Deduplicates {@code replicas} (at least one).
     *
     * @param counter whether the series is read by a counter function ({@code rate}, {@code increase},
     *     {@code irate}, {@code resets}), which turns on the counter adjustment
     */
    public static SampleIterator of(List<SampleIterator> replicas, boolean counter) {
        return of(replicas, counter, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As above, reading each replica only within {@code [minTime, maxTime]}. */
    public static SampleIterator of(List<SampleIterator> replicas, boolean counter, long minTime, long maxTime) {
        if (replicas.size() == 1) {
            SampleIterator only = replicas.get(0);
            return minTime == Long.MIN_VALUE && maxTime == Long.MAX_VALUE ? only
                    : new BoundedSampleIterator(only, minTime, maxTime);
        }
        AdjustableSampleIterator it = new ReplicaIterator(replicas.get(0), counter, minTime, maxTime);
        for (int i = 1; i < replicas.size(); i++) {
            it = new PenaltyDedupIterator(it, new ReplicaIterator(replicas.get(i), counter, minTime, maxTime));
        }
        return it;
    }

    /** Whether Thanos treats a series read by {@code func} as a counter. */
    public static boolean isCounterFunction(String func) {
        return "increase".equals(func) || "rate".equals(func) || "irate".equals(func) || "resets".equals(func);
    }

    @Override
    public ValueType next() {
        started = true;
        boolean hadFloat = useA ? aval == ValueType.FLOAT : bval == ValueType.FLOAT;
        double lastValue = hadFloat ? (lastIsA ? a.atF() : b.atF()) : 0;
        boolean lastUseA = useA;
        ValueType result = step();
        if (useA != lastUseA && hadFloat) {
            adjustAtValue(lastValue);
        }
        return result;
    }

    /**
     * One step of Thanos's algorithm, seeking lazily: Thanos seeks both replicas every step, but the one
     * that did not win last time only matters when it could win now. Its seek target is remembered (seeks
     * only move forward, so the latest target alone decides where it lands) and applied when the winner's
     * next timestamp is not below the loser's lower bound (its current timestamp or pending target). The
     * output, penalties and counter adjustments are those of seeking both every step; while one replica
     * is healthy, the other's chunks are not decoded at all.
     */
    private ValueType step() {
        if (lastIsA) {
            pendingB = Math.max(pendingB, lastT + 1 + penB);
            if (aval != ValueType.NONE) {
                aval = a.seek(lastT + 1 + penA);
            }
            if (aval != ValueType.NONE && bval != ValueType.NONE && a.atT() <= lowerBoundB()) {
                return chooseA(a.atT());
            }
        } else {
            pendingA = Math.max(pendingA, lastT + 1 + penA);
            if (bval != ValueType.NONE) {
                bval = b.seek(lastT + 1 + penB);
            }
            if (bval != ValueType.NONE && aval != ValueType.NONE && b.atT() < lowerBoundA()) {
                return chooseB(b.atT());
            }
        }
        syncA();
        syncB();
        if (aval == ValueType.NONE) {
            useA = false;
            if (bval != ValueType.NONE) {
                lastT = b.atT();
                lastIsA = false;
                penB = 0;
            }
            return bval;
        }
        if (bval == ValueType.NONE) {
            useA = true;
            lastT = a.atT();
            lastIsA = true;
            penA = 0;
            return aval;
        }
        long ta = a.atT();
        long tb = b.atT();
        return ta <= tb ? chooseA(ta) : chooseB(tb);
    }

    private ValueType chooseA(long ta) {
        useA = true;
        penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : INITIAL_PENALTY;
        penA = 0;
        lastT = ta;
        lastIsA = true;
        return aval;
    }

    private ValueType chooseB(long tb) {
        useA = false;
        penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : INITIAL_PENALTY;
        penB = 0;
        lastT = tb;
        lastIsA = false;
        return bval;
    }

    private long lowerBoundA() {
        return Math.max(a.atT(), pendingA);
    }

    private long lowerBoundB() {
        return Math.max(b.atT(), pendingB);
    }

    private void syncA() {
        if (aval != ValueType.NONE && pendingA != Long.MIN_VALUE) {
            aval = a.seek(pendingA);
        }
        pendingA = Long.MIN_VALUE;
    }

    private void syncB() {
        if (bval != ValueType.NONE && pendingB != Long.MIN_VALUE) {
            bval = b.seek(pendingB);
        }
        pendingB = Long.MIN_VALUE;
    }

    @Override
    public void adjustAtValue(double lastValue) {
        // The adjustment reads each replica's current value: bring a lazily sought replica where Thanos has it.
        syncA();
        syncB();
        if (aval == ValueType.FLOAT) {
            a.adjustAtValue(lastValue);
        }
        if (bval == ValueType.FLOAT) {
            b.adjustAtValue(lastValue);
        }
    }

    @Override
    public ValueType seek(long t) {
        // Thanos seeks by stepping with next() so that gaps are not jumped over. Unlike Thanos, a seek before
        // the first next() steps once first: Thanos would read A's first sample without choosing a replica
        // and emit it again on the following next().
        if (!started && next() == ValueType.NONE) {
            return ValueType.NONE;
        }
        while (true) {
            if ((useA ? aval : bval) == ValueType.NONE) {
                return ValueType.NONE;
            }
            long ts = atT();
            if (ts >= t) {
                return useA ? a.seek(ts) : b.seek(ts);
            }
            if (next() == ValueType.NONE) {
                return ValueType.NONE;
            }
        }
    }

    @Override
    public long atT() {
        return useA ? a.atT() : b.atT();
    }

    @Override
    public double atF() {
        return lastIsA ? a.atF() : b.atF();
    }
}
