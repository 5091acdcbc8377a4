package io.jthanos.receive.tsdb;

/**
 * Why a series could not be written, in Thanos's error classes ({@code errConflict}, {@code errNotReady},
 * {@code errUnavailable}, internal), plus {@link #INVALID} for data the receiver refuses to store.
 * The order is the precedence Thanos uses to pick one cause for a whole request ({@code writeErrors.Cause}).
 */
public enum ErrorKind {
    /** A peer cannot be reached: 503, retried by the sender. */
    UNAVAILABLE(503),
    /** Storage or hashring not ready: 503. */
    NOT_READY(503),
    /**
     * Out-of-order, duplicate or out-of-bounds sample, or a label set with an empty, duplicate or unsorted
     * name (Thanos's {@code isSampleConflictErr}/{@code isLabelsConflictErr}): 409, not retried.
     */
    CONFLICT(409),
    /** Data this receiver cannot store (native histograms, invalid UTF-8), a bad replica number: 400, not retried. */
    INVALID(400),
    /** Anything else: 500, retried by the sender. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status for a request failed for this reason. */
    public int httpStatus() {
        return httpStatus;
    }
}
