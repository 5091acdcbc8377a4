package io.jthanos.storage;

import io.jthanos.model.Labels;
import java.io.IOException;

/**
 * A batch of appends that becomes visible and durable atomically on {@link #commit()} (after
 * Prometheus's {@code AppenderV2}). Not thread-safe; use one per goroutine-equivalent.
 *
 * <p>A rejected sample throws {@link AppendRejectedException} and leaves the batch and the series as
 * they were, so the caller can skip it and go on with the rest of the batch.
 */
public interface Appender {
    /**
     * Adds a float sample.
     *
     * @param ref a series reference returned by an earlier append to the same storage, or 0 when
     *     unknown; when non-zero and still valid, {@code labels} may be skipped by the implementation
     * @return the series reference, to pass on later appends of the same series
     */
    long append(long ref, Labels labels, long t, double v) throws AppendRejectedException;

    /**
     * Makes the batch visible to queries; when this returns, the samples are as durable as the
     * storage's durability mode promises (for the WAL: written and fsynced).
     */
    void commit() throws IOException;

    /** Discards the batch. */
    void rollback();
}
