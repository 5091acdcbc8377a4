package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lookback Thanos's {@code LookbackDeltaFactory} gives for each {@code max_source_resolution}. */
class DynamicLookbackDeltaTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void theLookbackGrowsToTheCoarsestResolutionAQueryMayRead() {
        assertThat(DynamicLookbackDelta.of(FIVE_MINUTES, 0)).isEqualTo(FIVE_MINUTES);
        assertThat(DynamicLookbackDelta.of(FIVE_MINUTES, 300_000)).isEqualTo(FIVE_MINUTES);
        // above the lookback, 1h blocks may be read (auto with a 1h step asks for 12m)
        assertThat(DynamicLookbackDelta.of(FIVE_MINUTES, 720_000)).isEqualTo(Duration.ofHours(1));
        assertThat(DynamicLookbackDelta.of(FIVE_MINUTES, 3_600_000)).isEqualTo(Duration.ofHours(1));
        // a lookback already longer than the resolution is kept
        assertThat(DynamicLookbackDelta.of(Duration.ofHours(2), 3_600_000)).isEqualTo(Duration.ofHours(2));
        // below 5m: the 5m level's lookback
        assertThat(DynamicLookbackDelta.of(Duration.ofMinutes(1), 120_000)).isEqualTo(FIVE_MINUTES);
        assertThat(DynamicLookbackDelta.of(Duration.ofMinutes(1), 60_000)).isEqualTo(Duration.ofMinutes(1));
    }
}
