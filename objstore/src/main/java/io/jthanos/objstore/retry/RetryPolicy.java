package io.jthanos.objstore.retry;

import java.time.Duration;

/**
 * How often and how long to retry a failed request: exponential backoff with full jitter (the delay
 * before retry {@code n} is uniform in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}), bounded by a
 * budget of {@code maxAttempts} attempts (the first included) and {@code maxTotal} of elapsed time.
 * No retry starts whose backoff would end after the time budget.
 *
 * @param maxAttempts attempts in total, at least 1 (1 means no retry)
 * @param baseDelay the cap of the first backoff
 * @param maxDelay the cap of any backoff
 * @param maxTotal the time budget from the first attempt
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {
    /** Ten attempts (as minio-go, which Thanos uses), 100 ms doubling to 10 s, within 2 minutes. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(2));

    /** A single attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("negative duration in " + baseDelay + ", " + maxDelay + ", " + maxTotal);
        }
    }

    /** This policy with another attempt count. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxTotal);
    }

    /** The cap of the backoff before retry number {@code retry} (1-based). */
    Duration backoffCap(int retry) {
        long base = baseDelay.toNanos();
        int shift = Math.min(retry - 1, 62);
        long cap = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofNanos(Math.min(cap, maxDelay.toNanos()));
    }
}
