package io.jthanos.store.cache;

import java.util.function.LongSupplier;

/**
 * The breaker Thanos puts around asynchronous sets (sony/gobreaker with Thanos's trip rule). Closed, it counts
 * requests and failures in 10-second windows and opens when the window has at least {@code min_requests}
 * requests and either {@code consecutive_failures} failures in a row or a failed share of at least
 * {@code failure_percent}. Open, it refuses every request for {@code open_duration}; then, half-open, it lets
 * {@code half_open_max_requests} requests through: that many successes close it, one failure opens it again.
 *
 * <p>Simpler than gobreaker in one way: a request that started before a state change reports its outcome to the
 * new state (gobreaker drops it by generation). Thread-safe.
 */
final class CircuitBreaker {
    private static final long WINDOW_NANOS = 10_000_000_000L;

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private final CircuitBreakerConfig config;
    private final LongSupplier nanoTime;
    private final long openNanos;
    private final int halfOpenMax;
    private State state = State.CLOSED;
    private long deadline;
    private int requests;
    private int failures;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    CircuitBreaker(CircuitBreakerConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        openNanos = config.openDuration().isZero() ? 60_000_000_000L : config.openDuration().toNanos();
        halfOpenMax = Math.max(1, config.halfOpenMaxRequests());
        deadline = nanoTime.getAsLong() + WINDOW_NANOS;
    }

    /** Whether a request may go ahead; if so, report its outcome with {@link #success()} or {@link #failure()}. */
    synchronized boolean tryAcquire() {
        if (!config.enabled()) {
            return true;
        }
        advance();
        if (state == State.OPEN || state == State.HALF_OPEN && requests >= halfOpenMax) {
            return false;
        }
        requests++;
        return true;
    }

    synchronized void success() {
        if (!config.enabled()) {
            return;
        }
        consecutiveSuccesses++;
        consecutiveFailures = 0;
        if (state == State.HALF_OPEN && consecutiveSuccesses >= halfOpenMax) {
            enter(State.CLOSED);
        }
    }

    synchronized void failure() {
        if (!config.enabled()) {
            return;
        }
        failures++;
        consecutiveFailures++;
        consecutiveSuccesses = 0;
        if (state == State.HALF_OPEN) {
            enter(State.OPEN);
        } else if (state == State.CLOSED && requests >= config.minRequests()
                && (consecutiveFailures >= config.consecutiveFailures()
                        || (double) failures / requests >= config.failurePercent())) {
            enter(State.OPEN);
        }
    }

    synchronized boolean isOpen() {
        advance();
        return state == State.OPEN;
    }

    private void advance() {
        if (state == State.HALF_OPEN || nanoTime.getAsLong() - deadline < 0) {
            return;
        }
        enter(state == State.CLOSED ? State.CLOSED : State.HALF_OPEN);
    }

    private void enter(State next) {
        state = next;
        requests = 0;
        failures = 0;
        consecutiveFailures = 0;
        consecutiveSuccesses = 0;
        long now = nanoTime.getAsLong();
        deadline = switch (next) {
            case CLOSED -> now + WINDOW_NANOS;
            case OPEN -> now + openNanos;
            case HALF_OPEN -> now; // unused: half-open ends by outcomes, not time
        };
    }
}
