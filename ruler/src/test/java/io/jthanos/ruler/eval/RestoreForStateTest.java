package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.tsdb.Tsdb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pending alert keeps its progress across a restart through ALERTS_FOR_STATE in the ruler's TSDB. */
class RestoreForStateTest {
    private static final long M = 60_000;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static Group group(boolean restored) {
        AlertingRule rule = new AlertingRule("Down", "up == 0", 60 * M, 0, Labels.empty(), Map.of(), restored);
        return new Group("rules.yml", "g", M, 0, 0, PartialResponseStrategy.ABORT, List.of(rule));
    }

    private static EvalSettings settings(Tsdb db) {
        return new EvalSettings((expr, t, s) -> List.of(new Sample(Labels.of("instance", "a"), t, 0)), db, db,
                new EvalContext(Labels.empty(), "", null), null, Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
    }

    @Test
    void activeAtIsShiftedByTheDowntime() throws Exception {
        try (Tsdb db = Tsdb.open(dir)) {
            Group g = group(true);
            for (long t = T0; t <= T0 + 20 * M; t += M) {
                g.evaluate(t, settings(db), null);
            }
        }
        try (Tsdb db = Tsdb.open(dir)) {
            Group g = group(false);
            long restart = T0 + 25 * M;
            g.evaluate(restart, settings(db), null);
            g.evaluate(restart + M, settings(db), null);
            g.restoreForState(restart + M, settings(db));
            AlertingRule rule = (AlertingRule) g.rules().getFirst();
            assertThat(rule.restored()).isTrue();
            // 20m pending before going down at T0+20m; down for 6m at restore: the alert resumes with 40m to go.
            assertThat(rule.alerts().getFirst().activeAt()).isEqualTo(T0 + 6 * M);
        }
    }

    @Test
    void outageBeyondToleranceStartsOver() throws Exception {
        try (Tsdb db = Tsdb.open(dir)) {
            Group g = group(true);
            g.evaluate(T0, settings(db), null);
        }
        try (Tsdb db = Tsdb.open(dir)) {
            Group g = group(false);
            long restart = T0 + 2 * 60 * M;
            g.evaluate(restart, settings(db), null);
            g.restoreForState(restart, settings(db));
            assertThat(((AlertingRule) g.rules().getFirst()).alerts().getFirst().activeAt()).isEqualTo(restart);
        }
    }
}
