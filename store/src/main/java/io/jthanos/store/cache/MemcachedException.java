package io.jthanos.store.cache;

import java.io.IOException;

/**
 * A memcached reply that is an error ({@code ERROR}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}: reason
 * {@link FailureReason#SERVER_ERROR}) or not what the protocol allows ({@link FailureReason#OTHER}).
 */
final class MemcachedException extends IOException {
    private final FailureReason reason;

    MemcachedException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }
}
