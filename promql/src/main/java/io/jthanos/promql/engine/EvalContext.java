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
    private long totalSamples;
    private long seriesFetched;
    private int checks;
    private Annotations annotations = Annotations.EMPTY;

    public EvalContext(String query, long deadlineNanos, long maxSamples) {
        this.query = query;
        this.deadlineNanos = deadlineNanos;
        this.maxSamples = maxSamples;
    }

    /** Throws if the query was canceled or ran past its deadline. Cheap enough to call per series. */
    public void checkInterrupted(String where) {
        if (canceled) {
            throw new QueryException.Canceled(where);
        }
        if ((++checks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException.Timeout(where);
        }
    }

    void checkDeadlineNow(String where) {
        if (canceled) {
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

    public void countRead(long samples, long series) {
        totalSamples += samples;
        seriesFetched += series;
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
        return new QueryStats(totalSamples, peakSamples, seriesFetched, evalNanos);
    }
}
