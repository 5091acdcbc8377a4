package io.jthanos.store.cache;

import java.net.SocketTimeoutException;

/** The {@code reason} label of {@code thanos_memcached_operation_failures_total}. */
enum FailureReason {
    TIMEOUT("timeout"),
    MALFORMED_KEY("malformed-key"),
    SERVER_ERROR("server-error"),
    NETWORK_ERROR("network-error"),
    OTHER("other");

    final String label;

    FailureReason(String label) {
        this.label = label;
    }

    /** The reason of a failed operation: a timeout, an error reply, any other I/O error, or anything else. */
    static FailureReason of(Throwable t) {
        return switch (t) {
            case SocketTimeoutException e -> TIMEOUT;
            case MemcachedException e -> e.reason();
            case java.io.IOException e -> NETWORK_ERROR;
            default -> OTHER;
        };
    }
}
