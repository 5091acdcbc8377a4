package io.jthanos.query.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PenaltyDedupIterator} seeks the replica that lost the last step lazily. Its output must equal
 * Thanos's algorithm as written, which seeks both replicas every step: {@link Eager} below is that
 * algorithm, the oracle for random replicas with gaps, jitter and counter resets.
 */
class LazyPenaltySeekTest {

    /** Thanos's {@code dedupSeriesIterator.Next} seeking both replicas every step, counter adjustment included. */
    private static final class Eager implements AdjustableSampleIterator {
        private final AdjustableSampleIterator a;
        private final AdjustableSampleIterator b;
        private ValueType aval;
        private ValueType bval;
        private long lastT = Long.MIN_VALUE;
        private long penA;
        private long penB;
        private boolean useA = true;
        private boolean started;

        Eager(AdjustableSampleIterator a, AdjustableSampleIterator b) {
            this.a = a;
            this.b = b;
            aval = a.next();
            bval = b.next();
        }

        @Override
        public ValueType next() {
            started = true;
            boolean hadFloat = (useA ? aval : bval) == ValueType.FLOAT;
            double lastValue = hadFloat ? atF() : 0;
            boolean lastUseA = useA;
            if (aval != ValueType.NONE) {
                aval = a.seek(lastT + 1 + penA);
            }
            if (bval != ValueType.NONE) {
                bval = b.seek(lastT + 1 + penB);
            }
            ValueType r;
            if (aval == ValueType.NONE) {
                useA = false;
                if (bval != ValueType.NONE) {
                    lastT = b.atT();
                    penB = 0;
                }
                r = bval;
            } else if (bval == ValueType.NONE) {
                useA = true;
                lastT = a.atT();
                penA = 0;
                r = aval;
            } else if (a.atT() <= b.atT()) {
                useA = true;
                penB = lastT != Long.MIN_VALUE ? 2 * (a.atT() - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                penA = 0;
                lastT = a.atT();
                r = aval;
            } else {
                useA = false;
                penA = lastT != Long.MIN_VALUE ? 2 * (b.atT() - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                penB = 0;
                lastT = b.atT();
                r = bval;
            }
            if (useA != lastUseA && hadFloat) {
                adjustAtValue(lastValue);
            }
            return r;
        }

        @Override
        public void adjustAtValue(double lastValue) {
            if (aval == ValueType.FLOAT) {
                a.adjustAtValue(lastValue);
            }
            if (bval == ValueType.FLOAT) {
                b.adjustAtValue(lastValue);
            }
        }

        @Override
        public ValueType seek(long t) {
            if (!started && next() == ValueType.NONE) {
                return ValueType.NONE;
            }
            while ((useA ? aval : bval) != ValueType.NONE) {
                if (atT() >= t) {
                    return useA ? a.seek(atT()) : b.seek(atT());
                }
                if (next() == ValueType.NONE) {
                    return ValueType.NONE;
                }
            }
            return ValueType.NONE;
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

    /** Counts the samples a replica was moved over. */
    private static final class Counting implements SampleIterator {
        final FloatArrayChunk.Iterator in;
        int moves;

        Counting(FloatArrayChunk.Iterator in) {
            this.in = in;
        }

        @Override
        public ValueType next() {
            moves++;
            return in.next();
        }

        @Override
        public ValueType seek(long t) {
            moves++;
            return in.seek(t);
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

    private static FloatArrayChunk.Iterator replica(Random r, long shift) {
        List<Long> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        double v = 0;
        long t = shift;
        for (int i = 0; i < 200; i++) {
            t += 15_000 + r.nextInt(3) * 1000 - 1000;
            if (r.nextInt(20) == 0) {
                t += r.nextInt(6) * 15_000; // a gap
            }
            v = r.nextInt(60) == 0 ? r.nextInt(5) : v + r.nextInt(10); // now and then a reset
            if (r.nextInt(10) != 0) {
                ts.add(t);
                vs.add(v);
            }
        }
        return ArrayIterator.of(ts.stream().mapToLong(Long::longValue).toArray(),
                vs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static List<String> drain(SampleIterator it) {
        List<String> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            out.add(it.atT() + "=" + it.atF());
        }
        return out;
    }

    private static List<String> seekThenDrain(SampleIterator it, long from) {
        List<String> out = new ArrayList<>();
        if (it.seek(from) != ValueType.FLOAT) {
            return out;
        }
        do {
            out.add(it.atT() + "=" + it.atF());
        } while (it.next() == ValueType.FLOAT);
        return out;
    }

    @Test
    void lazySeeksGiveThanossOutputForRandomReplicas() {
        for (int seed = 0; seed < 400; seed++) {
            for (boolean counter : new boolean[] {false, true}) {
                for (int n = 2; n <= 3; n++) {
                    List<FloatArrayChunk.Iterator> ours = new ArrayList<>();
                    List<FloatArrayChunk.Iterator> theirs = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        ours.add(replica(new Random(seed * 31L + k), k * 700L));
                        theirs.add(replica(new Random(seed * 31L + k), k * 700L));
                    }
                    AdjustableSampleIterator eager = new ReplicaIterator(theirs.get(0), counter);
                    for (int k = 1; k < n; k++) {
                        eager = new Eager(eager, new ReplicaIterator(theirs.get(k), counter));
                    }
                    List<SampleIterator> replicas = new ArrayList<>(ours);
                    // As the engine reads: a seek to the range's start, then next() to the end.
                    long from = seed % 3 == 0 ? Long.MIN_VALUE : seed * 7_000L;
                    assertThat(seekThenDrain(PenaltyDedupIterator.of(replicas, counter), from))
                            .as("seed %d, counter %s, %d replicas", seed, counter, n)
                            .isEqualTo(seekThenDrain(eager, from));
                }
            }
        }
    }

    @Test
    void whileOneReplicaIsHealthyTheOtherIsNotRead() {
        long[] ts = new long[1000];
        double[] a = new double[1000];
        double[] b = new double[1000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 15_000L;
            a[i] = i;
            b[i] = i + 0.5;
        }
        long[] tsB = ts.clone();
        for (int i = 0; i < tsB.length; i++) {
            tsB[i] += 2;
        }
        Counting replicaB = new Counting(ArrayIterator.of(tsB, b));
        List<String> out = drain(PenaltyDedupIterator.of(List.of(ArrayIterator.of(ts, a), replicaB), false));
        assertThat(out).hasSize(1000).first().isEqualTo("0=0.0");
        assertThat(out).last().isEqualTo("14985000=999.0");
        // B is read for its first sample, once when the initial 5 s penalty falls short of the scrape
        // interval, and once when A ends; never in between.
        assertThat(replicaB.moves).isEqualTo(3);
    }
}
