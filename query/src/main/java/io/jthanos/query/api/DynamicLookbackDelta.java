package io.jthanos.query.api;

import java.time.Duration;

/**
 * Thanos's dynamic lookback delta ({@code --query.dynamic-lookback-delta}, on by default;
 * {@code LookbackDeltaFactory} in {@code pkg/query}): when a query may read downsampled data, an instant selector
 * looks back as far as one sample of the coarsest resolution it may get, or a 1h-downsampled series would look
 * absent between its hourly samples. An explicit {@code lookback_delta} parameter still wins.
 */
final class DynamicLookbackDelta {
    /** Raw, 5m and 1h, in milliseconds. */
    private static final long[] RESOLUTIONS = {0, 300_000, 3_600_000};

    private DynamicLookbackDelta() {}

    /** The lookback delta for a query whose {@code max_source_resolution} is {@code maxSourceResolution} ms. */
    static Duration of(Duration lookbackDelta, long maxSourceResolution) {
        long delta = lookbackDelta.toMillis();
        for (int i = RESOLUTIONS.length - 1; i >= 1; i--) {
            long left = Math.max(RESOLUTIONS[i - 1], delta);
            if (left < maxSourceResolution) {
                return Duration.ofMillis(RESOLUTIONS[i]);
            }
        }
        return lookbackDelta;
    }
}
