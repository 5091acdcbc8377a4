package io.jthanos.store;

/**
 * A failed StoreAPI call. The {@link Code} maps one-to-one onto the gRPC status codes Thanos uses, so the
 * failure crosses the wire unchanged.
 */
public final class StoreException extends RuntimeException {
    /** Why a call failed. */
    public enum Code {
        INVALID_ARGUMENT,
        ABORTED,
        UNAVAILABLE,
        DEADLINE_EXCEEDED,
        CANCELLED,
        INTERNAL,
        /** A per-request or per-process budget (series, samples, chunk pool) is exhausted. */
        RESOURCE_EXHAUSTED
    }

    private final Code code;

    public StoreException(Code code, String message) {
        this(code, message, null);
    }

    public StoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
