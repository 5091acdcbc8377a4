package io.jthanos.receive.replication;

import io.jthanos.receive.tsdb.ErrorKind;

/** A forward to a peer that failed, classified like Thanos classifies gRPC status codes. */
public final class PeerWriteException extends Exception {
    private final ErrorKind kind;

    public PeerWriteException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Whether retrying may help: unavailable, not ready or internal; never conflicts or invalid data. */
    public boolean transientFailure() {
        return kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.NOT_READY || kind == ErrorKind.INTERNAL;
    }
}
