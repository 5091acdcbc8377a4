package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.AppendRejectedException.Reason;
import io.jthanos.storage.Appender;
import java.io.IOException;
import java.util.Arrays;

/**
 * A batch of samples for the {@link Head} (Prometheus's {@code headAppender}). {@link #append} checks
 * each sample against its series and the batch so far and rejects it with Prometheus's reasons:
 * {@code OUT_OF_BOUNDS} when older than the head accepts (half a chunk range behind its newest
 * sample, or before the last persisted block), {@code OUT_OF_ORDER} when older than the series' last
 * sample, {@code DUPLICATE_SAMPLE} for the same timestamp with another value (the same value is
 * accepted and ignored), {@code INVALID_LABELS} for a new series with an empty label set, an empty
 * or repeated name, unsorted names or invalid UTF-8. A rejection leaves the batch as it was.
 *
 * <p>The first append of a batch registers it with the head, so that persisting a time range waits
 * for the batch to end ({@link Head#waitForAppendersOverlapping}); always end a batch with commit or
 * rollback. {@link #commit} makes the batch durable and visible as described on {@link Head}. One
 * thread at a time; reusable after commit or rollback.
 */
public final class HeadAppender implements Appender {
    private final Head head;
    private long minValidTime;
    private boolean open; // registered with the head as an open batch
    private MemSeries[] series = new MemSeries[64];
    private long[] ts = new long[64];
    private double[] vs = new double[64];
    private int size;
    /** ref → index of that series' last sample in the batch. */
    private final LongIntMap lastInBatch = new LongIntMap();
    private final CommitScratch scratch = new CommitScratch();

    HeadAppender(Head head) {
        this.head = head;
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) throws AppendRejectedException {
        open();
        MemSeries s = byRef(ref);
        if (s == null) {
            if (labels == null) {
                throw new AppendRejectedException(Reason.INVALID_LABELS, "unknown series ref " + ref + " and no labels");
            }
            s = head.getOrCreate(labels);
        }
        return add(s, t, v);
    }

    /**
     * {@link #append(long, Labels, long, double)} with the labels as a {@link LabelsKey}: a known series
     * is found without building its labels.
     */
    public long appendByKey(long ref, LabelsKey key, long t, double v) throws AppendRejectedException {
        open();
        MemSeries s = byRef(ref);
        if (s == null) {
            s = head.getOrCreate(key);
        }
        return add(s, t, v);
    }

    /** Makes room for {@code samples} more samples in the batch, so that a large batch does not grow step by step. */
    public void reserve(int samples) {
        int n = size + samples;
        if (n > ts.length) {
            series = Arrays.copyOf(series, n);
            ts = Arrays.copyOf(ts, n);
            vs = Arrays.copyOf(vs, n);
        }
        lastInBatch.reserve(n);
    }

    private void open() {
        if (!open) {
            minValidTime = head.openBatch();
            open = true;
        }
    }

    /** The series of a ref returned earlier, or null; the last series appended to without a lookup. */
    private MemSeries byRef(long ref) {
        if (ref == 0) {
            return null;
        }
        MemSeries last = size > 0 ? series[size - 1] : null;
        return last != null && last.ref == ref ? last : head.seriesByRef(ref);
    }

    private long add(MemSeries s, long t, double v) throws AppendRejectedException {
        if (t < minValidTime) {
            head.metrics.outOfBoundSamples.increment();
            throw new AppendRejectedException(Reason.OUT_OF_BOUNDS, "timestamp " + t + " is before " + minValidTime);
        }
        // one probe: claim the slot for this sample, give it back if the sample is not added
        int last = lastInBatch.put(s.ref, size);
        int verdict = last >= 0 ? MemSeries.check(ts[last], vs[last], t, v) : s.appendable(t, v);
        if (verdict != MemSeries.APPENDABLE) {
            lastInBatch.put(s.ref, last); // -1 reads as absent
        }
        switch (verdict) {
            case MemSeries.OUT_OF_ORDER -> {
                head.metrics.outOfOrderSamples.increment();
                throw new AppendRejectedException(Reason.OUT_OF_ORDER, null);
            }
            case MemSeries.DUPLICATE -> {
                head.metrics.duplicateSamples.increment();
                throw new AppendRejectedException(Reason.DUPLICATE_SAMPLE, null);
            }
            case MemSeries.DUPLICATE_SAME -> {
                return s.ref;
            }
            default -> { }
        }
        if (size == ts.length) {
            int n = size * 2;
            series = Arrays.copyOf(series, n);
            ts = Arrays.copyOf(ts, n);
            vs = Arrays.copyOf(vs, n);
        }
        series[size] = s;
        ts[size] = t;
        vs[size] = v;
        size++;
        return s.ref;
    }

    /** Number of samples in the batch. */
    public int pending() {
        return size;
    }

    @Override
    public void commit() throws IOException {
        try {
            if (size > 0) {
                head.commit(series, ts, vs, size, scratch);
            }
        } finally {
            reset();
        }
    }

    @Override
    public void rollback() {
        reset();
    }

    private void reset() {
        Arrays.fill(series, 0, size, null);
        size = 0;
        lastInBatch.clear();
        scratch.reset();
        if (open) {
            open = false;
            head.closeBatch(minValidTime);
        }
    }
}
