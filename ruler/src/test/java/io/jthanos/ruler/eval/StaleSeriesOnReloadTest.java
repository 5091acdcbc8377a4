package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As in Prometheus, a reload that drops a group marks the group's series stale two intervals later
 * unless another group took them over, and a reload that drops a rule from a kept group marks the
 * rule's series stale at the group's next evaluation.
 */
class StaleSeriesOnReloadTest {
    private static final long STALE_BITS = Double.doubleToRawLongBits(Group.STALE_NAN);

    @TempDir
    Path dir;

    private static String group(String name, String... records) {
        StringBuilder b = new StringBuilder("  - name: " + name + "\n    interval: 1s\n    rules:\n");
        for (String r : records) {
            b.append("      - record: ").append(r).append("\n        expr: vector(1)\n");
        }
        return b.toString();
    }

    @Test
    void droppedGroupsAndRulesGetStaleMarkersUnlessTheirSeriesLiveOn() throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, "groups:\n" + group("kept", "kept:a", "kept:dropped") + group("dropped", "dropped:b")
                + group("renamed", "renamed:c"));
        try (Tsdb db = Tsdb.open(dir.resolve("db"))) {
            EvalSettings settings = new EvalSettings(
                    (expr, t, s) -> List.of(new Sample(Labels.of("job", "a"), t, 1)), db, db,
                    new EvalContext(Labels.empty(), "", null), null, Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RuleManager manager = new RuleManager(settings, new RuleMetrics(registry))) {
                RuleReloader reloader = new RuleReloader(List.of(file.toString()), manager, registry);
                reloader.reload();
                for (Group g : manager.groups()) {
                    awaitEvaluation(g, 0);
                }

                Files.writeString(file, "groups:\n" + group("kept", "kept:a") + group("renamed2", "renamed:c"));
                long reloadedAt = System.currentTimeMillis();
                reloader.reload();
                Group kept = manager.groups().getFirst();
                awaitEvaluation(kept, kept.lastEvaluation());
                awaitEvaluation(kept, kept.lastEvaluation());
                Thread.sleep(2_500); // two intervals of the dropped groups, and a little

                List<long[]> droppedRule = samples(db, "kept:dropped");
                assertThat(droppedRule).isNotEmpty();
                assertThat(droppedRule.getLast()[1]).as("the dropped rule's series ends stale").isEqualTo(STALE_BITS);
                assertThat(droppedRule.getLast()[0]).isGreaterThanOrEqualTo(reloadedAt - 1000);
                assertThat(droppedRule.subList(0, droppedRule.size() - 1)).allSatisfy(s -> assertThat(s[1]).isNotEqualTo(STALE_BITS));

                List<long[]> droppedGroup = samples(db, "dropped:b");
                assertThat(droppedGroup.getLast()[1]).as("the dropped group's series ends stale").isEqualTo(STALE_BITS);
                assertThat(droppedGroup.getLast()[0]).as("marked at the time the group stopped")
                        .isBetween(reloadedAt - 10, System.currentTimeMillis() - 2000);

                assertThat(samples(db, "renamed:c")).as("taken over by the renamed group: never stale")
                        .isNotEmpty().allSatisfy(s -> assertThat(s[1]).isNotEqualTo(STALE_BITS));
                assertThat(samples(db, "kept:a")).allSatisfy(s -> assertThat(s[1]).isNotEqualTo(STALE_BITS));
            }
        }
    }

    @Test
    void closingTheManagerMarksNothingStale() throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, "groups:\n" + group("g", "g:a"));
        try (Tsdb db = Tsdb.open(dir.resolve("db"))) {
            EvalSettings settings = new EvalSettings(
                    (expr, t, s) -> List.of(new Sample(Labels.of("job", "a"), t, 1)), db, db,
                    new EvalContext(Labels.empty(), "", null), null, Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10), Clock.systemUTC());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RuleManager manager = new RuleManager(settings, new RuleMetrics(registry));
            RuleReloader reloader = new RuleReloader(List.of(file.toString()), manager, registry);
            reloader.reload();
            awaitEvaluation(manager.groups().getFirst(), 0);
            Files.writeString(file, "groups: []\n");
            reloader.reload();
            long closing = System.nanoTime();
            manager.close();
            assertThat(System.nanoTime() - closing).as("close does not wait for pending markers")
                    .isLessThan(TimeUnit.SECONDS.toNanos(1));
            Thread.sleep(2_500);
            assertThat(samples(db, "g:a")).isNotEmpty().allSatisfy(s -> assertThat(s[1]).isNotEqualTo(STALE_BITS));
        }
    }

    /** The raw samples of the one series named {@code name}: {time, value bits}. */
    private static List<long[]> samples(Tsdb db, String name) {
        List<long[]> out = new ArrayList<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, null, Matcher.equal("__name__", name));
            int series = 0;
            while (set.next()) {
                series++;
                assertThat(set.at().labels()).isEqualTo(Labels.of("__name__", name, "job", "a"));
                SampleIterator it = set.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atF())});
                }
            }
            assertThat(series).as(name).isEqualTo(1);
        }
        return out;
    }

    private static void awaitEvaluation(Group g, long after) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.lastEvaluation() <= after) {
            assertThat(System.nanoTime()).as("group evaluated again").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
