package io.jthanos.promql.engine;

import io.jthanos.promql.parser.PositionRange;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;

/**
 * Per-query state shared by all evaluation code: deadline and cancellation, the sample limit,
 * statistics and collected annotations. Not thread-safe except for {@link #cancel()}. Internal to
 * the engine.
 */
public final class EvalContext {

    private final String query;
    private final long deadlineNanos;
    private final long maxSamples;
    private volatile boolean canceled;
    private long currentSamples;
    private long peakSamples;
    private long seriesFetched;
    private SampleCounts counts = new SampleCounts(null, 0, 1);
    private int checks;
    private Annotations annotations = Annotations.EMPTY;

    public EvalContext(String query, long deadlineNanos, long maxSamples) {
        this.query = query;
        this.deadlineNanos = deadlineNanos;
        this.maxSamples = maxSamples;
    }

    /**
     * Throws if the query was canceled (by {@link Query#cancel()} or by interrupting the thread that runs
     * it) or ran past its deadline. Cheap enough to call per series.
     */
    public void checkInterrupted(String where) {
        if (canceled || Thread.currentThread().isInterrupted()) {
            throw new QueryException.Canceled(where);
        }
        if ((++checks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException.Timeout(where);
        }
    }

    void checkDeadlineNow(String where) {
        if (canceled || Thread.currentThread().isInterrupted()) {
            throw new QueryException.Canceled(where);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException.Timeout(where);
        }
    }

    void cancel() {
        canceled = true;
    }

    /** Accounts for {@code n} more samples held in memory; throws past the limit. */
    public void acquireSamples(long n) {
        currentSamples += n;
        if (currentSamples > maxSamples) {
            throw new QueryException.TooManySamples();
        }
        if (currentSamples > peakSamples) {
            peakSamples = currentSamples;
        }
    }

    public void releaseSamples(long n) {
        currentSamples -= n;
    }

    /** Counts series returned by storage selects. */
    public void countRead(long samples, long series) {
        seriesFetched += series;
    }

    /**
     * Prometheus's queryable-samples counts ({@code totalQueryableSamples} and, when tracked, per step):
     * the samples each step of the query's grid selects, that is one per present point of an instant
     * selector and the window's points for a range function. Counts of a subquery's inner evaluation are
     * kept apart (see {@link #suspendSampleCounts()}).
     */
    static final class SampleCounts {
        final long[] perStep;
        final long stepStart;
        final long stepInterval;
        long total;

        SampleCounts(long[] perStep, long stepStart, long stepInterval) {
            this.perStep = perStep;
            this.stepStart = stepStart;
            this.stepInterval = stepInterval;
        }
    }

    /** Counts samples per step of the query's grid too (Prometheus's {@code promql-per-step-stats}). */
    void trackSamplesPerStep(long start, int steps, long interval) {
        counts = new SampleCounts(new long[steps], start, interval);
    }

    /** Whether {@link #countSamplesAtStep} needs the step; when not, {@link #countSamples} will do. */
    public boolean tracksSamplesPerStep() {
        return counts.perStep != null;
    }

    /** Prometheus's {@code IncrementSamplesAtStep}. */
    public void countSamplesAtStep(int step, long n) {
        counts.total += n;
        if (counts.perStep != null) {
            counts.perStep[step] += n;
        }
    }

    /** Samples counted only in the total, when per-step counts are not tracked. */
    public void countSamples(long n) {
        counts.total += n;
    }

    /**
     * Starts counting an inner evaluation (a subquery over its own steps) apart, as Prometheus's child
     * sample stats do; {@link #resumeSampleCounts} restores the outer counts and returns the inner total.
     */
    SampleCounts suspendSampleCounts() {
        SampleCounts outer = counts;
        counts = new SampleCounts(null, 0, 1);
        return outer;
    }

    long resumeSampleCounts(SampleCounts outer) {
        long inner = counts.total;
        counts = outer;
        return inner;
    }

    public void warn(String message) {
        annotations = annotations.with(Annotation.warning("PromQL warning: " + message));
    }

    public void info(String message) {
        annotations = annotations.with(Annotation.info("PromQL info: " + message));
    }

    /** Adds an annotation with Prometheus's position suffix, e.g. {@code … (1:6)}. */
    public void info(String message, PositionRange at) {
        info(message + " (" + at.startPosInput(query) + ")");
    }

    public void warn(String message, PositionRange at) {
        warn(message + " (" + at.startPosInput(query) + ")");
    }

    public void merge(Annotations a) {
        annotations = annotations.merge(a);
    }

    Annotations annotations() {
        return annotations;
    }

    QueryStats stats(long evalNanos) {
        return new QueryStats(counts.total, peakSamples, seriesFetched, evalNanos,
                counts.perStep == null ? null : new QueryStats.SamplesPerStep(counts.stepStart, counts.stepInterval,
                        counts.perStep.clone()));
    }
}
