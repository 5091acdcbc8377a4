package io.jthanos.receive.handler;

/** A request refused before it reaches storage, with the HTTP status to answer. */
public final class RemoteWriteException extends Exception {
    private final int status;

    public RemoteWriteException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
