package io.jthanos.store.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Thanos's {@code CircuitBreakerConfig} ({@code pkg/cacheutil/cacheutil.go}), the YAML of
 * {@code set_async_circuit_breaker_config}: the breaker that stops asynchronous sets to a failing cache.
 *
 * @param enabled {@code enabled}, default false
 * @param halfOpenMaxRequests {@code half_open_max_requests}: requests let through while half-open (0 means 1),
 *     default 10
 * @param openDuration {@code open_duration}: how long the breaker stays open before it lets probes through (0
 *     means 60s), default 5s
 * @param minRequests {@code min_requests}: requests in the current 10-second window before the breaker may open,
 *     default 50
 * @param consecutiveFailures {@code consecutive_failures}: that many failures in a row open it, default 5; must
 *     be positive when enabled
 * @param failurePercent {@code failure_percent}: that share of failed requests in the window opens it, default
 *     0.05; must be in (0, 1] when enabled
 */
public record CircuitBreakerConfig(boolean enabled, int halfOpenMaxRequests, Duration openDuration, int minRequests,
        int consecutiveFailures, double failurePercent) {

    static final Set<String> KEYS = Set.of("enabled", "half_open_max_requests", "open_duration", "min_requests",
            "consecutive_failures", "failure_percent");

    /** Thanos's defaults (disabled). */
    public static final CircuitBreakerConfig DEFAULT =
            new CircuitBreakerConfig(false, 10, Duration.ofSeconds(5), 50, 5, 0.05);

    /** Reads the mapping over {@link #DEFAULT}, collecting keys it does not know into {@code unknown}. */
    static CircuitBreakerConfig parse(ConfigFields f, List<String> unknown) {
        if (f == null) {
            return DEFAULT;
        }
        unknown.addAll(f.unknownKeys(KEYS));
        CircuitBreakerConfig c = new CircuitBreakerConfig(
                f.bool("enabled", DEFAULT.enabled),
                f.unsigned("half_open_max_requests", DEFAULT.halfOpenMaxRequests),
                f.duration("open_duration", DEFAULT.openDuration),
                f.unsigned("min_requests", DEFAULT.minRequests),
                f.unsigned("consecutive_failures", DEFAULT.consecutiveFailures),
                f.decimal("failure_percent", DEFAULT.failurePercent));
        if (c.enabled) {
            if (c.consecutiveFailures == 0) {
                throw f.error("consecutive_failures", "circuit breaker: consecutive failures must be greater than 0");
            }
            if (!(c.failurePercent > 0 && c.failurePercent <= 1)) {
                throw f.error("failure_percent", "circuit breaker: failure percent must be in range (0,1]");
            }
        }
        return c;
    }
}
