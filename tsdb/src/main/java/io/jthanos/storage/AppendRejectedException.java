package io.jthanos.storage;

/**
 * A sample or series refused by an {@link Appender}, with Prometheus's reason. Cheap to throw (no
 * stack trace): rejections are normal traffic.
 */
public final class AppendRejectedException extends Exception {
    /** Why a sample was refused; the messages are Prometheus's. */
    public enum Reason {
        OUT_OF_ORDER("out of order sample"),
        OUT_OF_BOUNDS("out of bounds"),
        TOO_OLD("too old sample"),
        DUPLICATE_SAMPLE("duplicate sample for timestamp"),
        INVALID_LABELS("invalid labels"),
        LIMIT_EXCEEDED("limit exceeded");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        /** Prometheus's error text for this reason. */
        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public AppendRejectedException(Reason reason, String detail) {
        super(detail == null || detail.isEmpty() ? reason.message() : reason.message() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
