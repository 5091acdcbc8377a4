package io.jthanos.query.dedup;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorIterator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Penalty dedup of two replicas of float chunks in one pass into primitive arrays: the samples, penalties and
 * counter adjustments of {@link PenaltyDedupIterator} over two {@link ReplicaIterator}s (so Thanos's
 * {@code dedupSeriesIterator}, initial 5 s penalty and {@code counterErrAdjustSeriesIterator} included),
 * without a virtual call per sample. Each replica's chunks are decoded into an array one chunk at a time, and
 * only when the algorithm reads them: while replica A is healthy, replica B's chunks are skipped by their
 * {@code maxTime} without being decoded, as the iterator's lazy seeks skip them, and B's first sample is
 * bounded by its chunk's {@code minTime} instead of decoded.
 *
 * <p>Chunks of one replica must be sorted by time and not overlap ({@link OverlapSplit}), their samples in
 * strictly increasing time order and within the chunk's {@code [minTime, maxTime]}, the first at
 * {@code minTime}, as stores send them.
 */
public final class PenaltyDedupArrays {
    private static final ValueLayout.OfShort BIG_ENDIAN_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final Replica a = new Replica();
    private final Replica b = new Replica();
    private boolean counter;
    private long[] outT;
    private double[] outF;
    private int n;

    /**
     * A deduplicator whose decoding buffers are reused from one series to the next; one per reading thread. The
     * results it returns own their arrays.
     */
    public PenaltyDedupArrays() {}

    /**
     * The deduplicated samples of two replicas within {@code [minTime, maxTime]}.
     *
     * @param decoder turns a chunk into samples; it is only asked for chunks the algorithm reads
     * @param counter whether the series is read by a counter function (turns on the counter adjustment)
     * @param reuse a result no longer read, whose arrays may be overwritten, or {@code null} for new arrays
     */
    public FloatArrayChunk dedup(List<StoreChunk> replicaA, List<StoreChunk> replicaB,
            Function<StoreChunk, Chunk> decoder, boolean counter, long minTime, long maxTime, FloatArrayChunk reuse) {
        // Usually A's samples with a few of B's (XOR chunks start with their sample count).
        int expected = 16;
        for (StoreChunk c : replicaA) {
            expected += c.data().byteSize() >= 2 ? c.data().get(BIG_ENDIAN_SHORT, 0) & 0xFFFF : 0;
        }
        expected += expected >>> 4;
        outT = reuse != null ? reuse.timestamps() : new long[expected];
        outF = reuse != null ? reuse.values() : new double[expected];
        n = 0;
        this.counter = counter;
        a.reset(replicaA, decoder, minTime, maxTime);
        b.reset(replicaB, decoder, minTime, maxTime);
        try {
            run();
            return new FloatArrayChunk(outT, outF, n);
        } finally {
            outT = null;
            outF = null;
            a.reset(List.of(), decoder, minTime, maxTime);
            b.reset(List.of(), decoder, minTime, maxTime);
        }
    }

    /** {@link PenaltyDedupIterator#next()} until it ends, appending each sample. */
    private void run() {
        Replica a = this.a;
        Replica b = this.b;
        boolean aOk = a.seek(Long.MIN_VALUE);
        // B's first sample only bounds A's steps until B is needed, which it never is while A is healthy.
        boolean bOk = b.startLazily();
        long lastT = Long.MIN_VALUE;
        boolean lastIsA = true;
        boolean useA = true;
        long penA = 0;
        long penB = 0;
        // The lazy seek targets of the replica that lost the last step, Long.MIN_VALUE for none.
        long pendingA = Long.MIN_VALUE;
        long pendingB = Long.MIN_VALUE;
        while (true) {
            if (lastIsA && useA && aOk && bOk && lastT != Long.MIN_VALUE) {
                // A won the last step (so penA is 0) and B is where the lazy seeks left it: each of A's next samples
                // in this chunk wins the step outright while it is not past B's lower bound nor maxTime, with no
                // switch and so no adjustment; these are the steps below, taken in a loop over A's arrays.
                long[] tv = a.tv;
                int size = a.size;
                int k = a.i + 1;
                double adjust = a.errAdjust;
                long tb = b.t;
                long maxTime = a.maxTime;
                int from = k;
                // each sample is appended as it is taken: one pass over A's array
                reserve(size - k);
                long[] outT = this.outT;
                double[] outF = this.outF;
                int o = n - k;
                while (k < size) {
                    long ta = tv[k << 1];
                    long pb = Math.max(pendingB, lastT + 1 + penB);
                    if (ta <= lastT || ta > maxTime || ta > Math.max(tb, pb)) {
                        break;
                    }
                    outT[o + k] = ta;
                    outF[o + k] = ReplicaIterator.adjusted(Double.longBitsToDouble(tv[(k << 1) + 1]), adjust);
                    pendingB = pb;
                    penB = 2 * (ta - lastT);
                    lastT = ta;
                    k++;
                }
                n += k - from;
                a.i = k - 1;
                a.t = tv[(k - 1) << 1];
            }
            boolean hadFloat = useA ? aOk : bOk;
            double lastValue = hadFloat ? (lastIsA ? a.f() : b.f()) : 0;
            boolean lastUseA = useA;
            boolean ok;
            // One step of PenaltyDedupIterator.step(), same order of seeks and comparisons.
            decided:
            {
                if (lastIsA) {
                    pendingB = Math.max(pendingB, lastT + 1 + penB);
                    if (aOk) {
                        aOk = a.seek(lastT + 1 + penA);
                    }
                    if (aOk && bOk && a.t <= Math.max(b.t, pendingB)) {
                        long ta = a.t;
                        useA = true;
                        penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                        penA = 0;
                        lastT = ta;
                        lastIsA = true;
                        ok = true;
                        break decided;
                    }
                } else {
                    pendingA = Math.max(pendingA, lastT + 1 + penA);
                    if (bOk) {
                        bOk = b.seek(lastT + 1 + penB);
                    }
                    if (bOk && aOk && b.t < Math.max(a.t, pendingA)) {
                        long tb = b.t;
                        useA = false;
                        penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                        penB = 0;
                        lastT = tb;
                        lastIsA = false;
                        ok = true;
                        break decided;
                    }
                }
                if (aOk && pendingA != Long.MIN_VALUE) {
                    aOk = a.seek(pendingA);
                }
                pendingA = Long.MIN_VALUE;
                if (bOk && pendingB != Long.MIN_VALUE) {
                    bOk = b.seek(pendingB);
                }
                pendingB = Long.MIN_VALUE;
                if (bOk) {
                    bOk = b.materialize();
                }
                if (!aOk) {
                    useA = false;
                    if (bOk) {
                        lastT = b.t;
                        lastIsA = false;
                        penB = 0;
                    }
                    ok = bOk;
                } else if (!bOk) {
                    useA = true;
                    lastT = a.t;
                    lastIsA = true;
                    penA = 0;
                    ok = true;
                } else if (a.t <= b.t) {
                    long ta = a.t;
                    useA = true;
                    penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                    penA = 0;
                    lastT = ta;
                    lastIsA = true;
                    ok = true;
                } else {
                    long tb = b.t;
                    useA = false;
                    penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : PenaltyDedupIterator.INITIAL_PENALTY;
                    penB = 0;
                    lastT = tb;
                    lastIsA = false;
                    ok = true;
                }
            }
            if (useA != lastUseA && hadFloat) {
                // PenaltyDedupIterator.adjustAtValue: both replicas where Thanos has them, then each adjusts.
                if (aOk && pendingA != Long.MIN_VALUE) {
                    aOk = a.seek(pendingA);
                }
                pendingA = Long.MIN_VALUE;
                if (bOk && pendingB != Long.MIN_VALUE) {
                    bOk = b.seek(pendingB);
                }
                pendingB = Long.MIN_VALUE;
                if (counter) {
                    if (aOk) {
                        a.adjustAtValue(lastValue);
                    }
                    if (bOk) {
                        b.adjustAtValue(lastValue);
                    }
                }
            }
            if (!ok) {
                return;
            }
            append(useA ? a.t : b.t, lastIsA ? a.f() : b.f());
        }
    }

    /** Makes room in the output for {@code count} more samples, at least doubling it when it grows. */
    private void reserve(int count) {
        if (n + count > outT.length) {
            int size = Math.max(n + count, n * 2);
            outT = Arrays.copyOf(outT, size);
            outF = Arrays.copyOf(outF, size);
        }
    }

    private void append(long t, double f) {
        reserve(1);
        outT[n] = t;
        outF[n] = f;
        n++;
    }

    /**
     * One replica as {@link ReplicaIterator} over the chunks' samples reads it: {@link #seek} lands on the first
     * sample at or after the target and {@code minTime}, and the replica ends for good past {@code maxTime}.
     */
    private static final class Replica {
        private List<StoreChunk> chunks;
        private Function<StoreChunk, Chunk> decoder;
        private long minTime;
        private long maxTime;
        /** Index of the decoded chunk, -1 before the first. */
        private int chunk;
        /**
         * The decoded chunk: sample k's timestamp at 2k, its value bits at 2k + 1 ({@link XorIterator#decoded()}'s
         * layout). It is the XOR decoder's own array, or {@link #own} filled from another chunk's iterator.
         */
        private long[] tv;
        private long[] own = new long[256];
        private int size;
        private int i;
        private boolean exhausted;
        /**
         * Not decoded yet ({@link #startLazily}): {@link #t} is then only a lower bound of the current sample's
         * timestamp, from its chunk's {@code minTime}.
         */
        private boolean lazy;
        private SampleIterator spare;
        private double errAdjust;
        /** The current sample's timestamp, valid while not exhausted and after a successful seek. */
        long t;

        /** Starts reading {@code chunks}; the buffers and the decoder's iterator stay. */
        void reset(List<StoreChunk> chunks, Function<StoreChunk, Chunk> decoder, long minTime, long maxTime) {
            this.chunks = chunks;
            this.decoder = decoder;
            this.minTime = minTime;
            this.maxTime = maxTime;
            chunk = -1;
            tv = own;
            size = 0;
            i = 0;
            exhausted = false;
            lazy = false;
            errAdjust = 0;
            t = Long.MIN_VALUE;
        }

        /**
         * As {@code seek(Long.MIN_VALUE)} without decoding: {@link #t} becomes a lower bound of the first sample's
         * timestamp, the {@code minTime} of the first chunk that reaches the range (a chunk's {@code minTime} is
         * its first sample's timestamp). Seeks up to that bound keep it; a later seek, or {@link #materialize},
         * decodes. The replica may turn out to have no sample in the range after all; until then it is only
         * compared by the bound, which cannot favour it wrongly.
         */
        boolean startLazily() {
            long target = minTime;
            if (target > maxTime) {
                return end();
            }
            int c = firstChunkReaching(0, target);
            if (c >= chunks.size()) {
                return end();
            }
            long bound = Math.max(chunks.get(c).minTime(), target);
            if (bound > maxTime) {
                return end();
            }
            lazy = true;
            t = bound;
            return true;
        }

        /** Decodes the current sample if the replica is still lazy; false if it then turns out to have ended. */
        boolean materialize() {
            if (!lazy) {
                return !exhausted;
            }
            lazy = false;
            return seek(t);
        }

        /** Moves to the first sample at or after {@code target}; false once the replica has ended. */
        boolean seek(long target) {
            if (exhausted) {
                return false;
            }
            if (lazy) {
                if (target <= t) {
                    return true;
                }
                lazy = false;
            }
            if (chunk >= 0 && t >= target) {
                return true;
            }
            if (target > maxTime) {
                return end();
            }
            target = Math.max(target, minTime);
            while (true) {
                int k = i;
                long[] tv = this.tv;
                int size = this.size;
                while (k < size && tv[k << 1] < target) {
                    k++;
                }
                if (k < size) {
                    i = k;
                    t = tv[k << 1];
                    return t <= maxTime || end();
                }
                // The rest of this chunk is before the target: skip the chunks ending before it, decode the next.
                int c = firstChunkReaching(chunk + 1, target);
                if (c >= chunks.size()) {
                    return end();
                }
                decode(c);
            }
        }

        /** The first chunk from {@code from} on that ends at or after {@code target}; the chunk count if none. */
        private int firstChunkReaching(int from, long target) {
            int c = from;
            while (c < chunks.size() && chunks.get(c).maxTime() < target) {
                c++;
            }
            return c;
        }

        private boolean end() {
            exhausted = true;
            return false;
        }

        private void decode(int c) {
            chunk = c;
            SampleIterator it = decoder.apply(chunks.get(c)).iterator(spare);
            spare = it;
            i = 0;
            if (it instanceof XorIterator xor) {
                tv = xor.decoded();
                size = xor.decodedSize();
                return;
            }
            int k = 0;
            long[] tv = own;
            while (it.next() != ValueType.NONE) {
                if (2 * k == tv.length) {
                    tv = Arrays.copyOf(tv, tv.length * 2);
                }
                tv[2 * k] = it.atT();
                tv[2 * k + 1] = Double.doubleToRawLongBits(it.atF());
                k++;
            }
            this.tv = own = tv;
            size = k;
        }

        /** The current value, counter adjustment included. */
        double f() {
            if (lazy) {
                throw new IllegalStateException("a replica's value was read before it was decoded");
            }
            return ReplicaIterator.adjusted(Double.longBitsToDouble(tv[(i << 1) + 1]), errAdjust);
        }

        void adjustAtValue(double lastValue) {
            double v = f();
            if (lastValue > v) {
                errAdjust += lastValue - v;
            }
        }
    }
}
