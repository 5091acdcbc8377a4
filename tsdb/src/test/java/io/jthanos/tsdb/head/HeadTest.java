package io.jthanos.tsdb.head;

import static io.jthanos.tsdb.head.HeadContent.dump;
import static io.jthanos.tsdb.head.HeadContent.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.AppendRejectedException.Reason;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.Querier;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Head head;

    private static final HeadOptions OPTIONS = HeadOptions.defaults()
            .withWal(WalOptions.defaults().withDurability(DurabilityMode.NONE).withSegmentSize(64 * 1024));

    private Head open() throws IOException {
        head = Head.open(dir, OPTIONS, Long.MIN_VALUE, registry);
        return head;
    }

    @AfterEach
    void close() throws IOException {
        if (head != null) {
            head.close();
        }
    }

    private static Labels ls(String... kv) {
        return Labels.of(kv);
    }

    @Test
    void statsCountTheIndexAndKeepTheLargestEntries() throws Exception {
        open();
        HeadStats empty = head.stats("__name__", 10);
        assertThat(empty.numSeries()).isZero();
        assertThat(empty.minTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(empty.seriesCountByLabelValuePair()).isEmpty();
        HeadAppender app = head.appender();
        for (String job : List.of("a", "b", "c")) {
            app.append(0, ls("__name__", "up", "job", job), 1000, 1);
        }
        app.append(0, ls("__name__", "go_info", "job", "a", "version", "go1.25"), 2000, 1);
        app.commit();
        HeadStats s = head.stats("__name__", 2);
        assertThat(s.numSeries()).isEqualTo(4);
        assertThat(s.chunkCount()).isEqualTo(4);
        assertThat(s.numLabelPairs()).isEqualTo(6);
        assertThat(s.minTime()).isEqualTo(1000);
        assertThat(s.maxTime()).isEqualTo(2000);
        assertThat(s.seriesCountByMetricName()).containsExactly(new HeadStats.Stat("up", 3), new HeadStats.Stat("go_info", 1));
        // job has 3 values and __name__ 2, version 1
        assertThat(s.labelValueCountByLabelName()).containsExactly(new HeadStats.Stat("job", 3), new HeadStats.Stat("__name__", 2));
        // equal counts: the smaller name first, every time
        assertThat(s.seriesCountByLabelValuePair())
                .containsExactly(new HeadStats.Stat("__name__=up", 3), new HeadStats.Stat("job=a", 2));
        // __name__: ((1 + 8) + (1 + 2)) bytes x 3 series of up, (1 + 8) + (1 + 7) for go_info
        assertThat(s.memoryInBytesByLabelName().getFirst()).isEqualTo(new HeadStats.Stat("__name__", 53));
        assertThat(head.stats("__name__", 0).seriesCountByMetricName()).isEmpty();
    }

    @Test
    void appendedSamplesAreQueryableAfterCommitOnly() throws Exception {
        open();
        HeadAppender app = head.appender();
        long ref = app.append(0, ls("__name__", "up", "job", "a"), 1000, 1);
        assertThat(app.append(ref, null, 2000, 2)).isEqualTo(ref);
        assertThat(dump(head)).isEmpty();
        app.commit();
        assertThat(dump(head)).containsExactly(Map.entry(ls("__name__", "up", "job", "a"), List.of(sample(1000, 1), sample(2000, 2))));
        assertThat(head.minTime()).isEqualTo(1000);
        assertThat(head.maxTime()).isEqualTo(2000);
        assertThat(registry.get("prometheus_tsdb_head_samples_appended_total").counter().count()).isEqualTo(2);
        assertThat(registry.get("prometheus_tsdb_head_series").gauge().value()).isEqualTo(1);
    }

    /** A key over built labels that counts how often the head asked for them, optionally with a forged hash. */
    private static final class CountingKey implements LabelsKey {
        final Labels labels;
        final int hash;
        int built;

        CountingKey(Labels labels, int hash) {
            this.labels = labels;
            this.hash = hash;
        }

        CountingKey(Labels labels) {
            this(labels, labels.hashCode());
        }

        @Override
        public int labelsHash() {
            return hash;
        }

        @Override
        public boolean matches(Labels other) {
            return labels.equals(other);
        }

        @Override
        public Labels toLabels() {
            built++;
            return labels;
        }
    }

    @Test
    void appendByKeyFindsAKnownSeriesWithoutItsLabelsAndCreatesANewOneOnce() throws Exception {
        open();
        HeadAppender app = head.appender();
        long known = app.append(0, ls("__name__", "up", "job", "a"), 1000, 1);
        CountingKey same = new CountingKey(ls("__name__", "up", "job", "a"));
        assertThat(app.appendByKey(0, same, 2000, 2)).isEqualTo(known);
        assertThat(same.built).isZero();
        CountingKey fresh = new CountingKey(ls("__name__", "up", "job", "b"));
        long created = app.appendByKey(0, fresh, 1000, 3);
        assertThat(created).isNotEqualTo(known);
        assertThat(app.appendByKey(created, fresh, 2000, 4)).isEqualTo(created);
        assertThat(app.appendByKey(0, fresh, 3000, 5)).isEqualTo(created);
        assertThat(fresh.built).isEqualTo(1);
        // the same hash as a stored series but other labels: a series of its own
        CountingKey colliding = new CountingKey(ls("__name__", "up", "job", "c"), ls("__name__", "up", "job", "a").hashCode());
        long third = app.appendByKey(0, colliding, 1000, 6);
        assertThat(third).isNotIn(known, created);
        assertThatThrownBy(() -> app.appendByKey(0, new CountingKey(Labels.empty()), 1000, 1))
                .isInstanceOf(AppendRejectedException.class).extracting(e -> ((AppendRejectedException) e).reason())
                .isEqualTo(Reason.INVALID_LABELS);
        app.commit();
        assertThat(dump(head)).containsExactly(
                Map.entry(ls("__name__", "up", "job", "a"), List.of(sample(1000, 1), sample(2000, 2))),
                Map.entry(ls("__name__", "up", "job", "b"), List.of(sample(1000, 3), sample(2000, 4), sample(3000, 5))),
                Map.entry(ls("__name__", "up", "job", "c"), List.of(sample(1000, 6))));
    }

    @Test
    void aDirectoryIsOpenedByOneHeadAtATime() throws Exception {
        open();
        assertThatThrownBy(() -> Head.open(dir, OPTIONS, Long.MIN_VALUE, registry))
                .isInstanceOf(IOException.class).hasMessageContaining("already open");
        head.close();
        head = null;
        open(); // released on close
    }

    @Test
    void rollbackDiscardsTheBatch() throws Exception {
        open();
        HeadAppender app = head.appender();
        app.append(0, ls("a", "1"), 10, 1);
        app.rollback();
        app.append(0, ls("a", "1"), 5, 1); // the rolled-back sample left no trace
        app.commit();
        assertThat(dump(head).get(ls("a", "1"))).containsExactly(sample(5, 1));
    }

    @Test
    void rejectsWithPrometheusReasonsAndKeepsTheRestOfTheBatch() throws Exception {
        open();
        HeadAppender app = head.appender();
        app.append(0, ls("a", "1"), 100, 1);
        app.commit();

        app = head.appender();
        assertReject(app, ls("a", "1"), 99, 1, Reason.OUT_OF_ORDER);
        assertReject(app, ls("a", "1"), 100, 2, Reason.DUPLICATE_SAMPLE);
        app.append(0, ls("a", "1"), 100, 1); // same value: accepted, ignored
        app.append(0, ls("a", "1"), 200, 2);
        assertReject(app, ls("a", "1"), 150, 1, Reason.OUT_OF_ORDER); // against the batch
        assertReject(app, ls("a", "1"), 200, 3, Reason.DUPLICATE_SAMPLE);
        assertReject(app, Labels.empty(), 300, 1, Reason.INVALID_LABELS);
        assertReject(app, Labels.fromSortedPairs(new String[] {"", "x"}), 300, 1, Reason.INVALID_LABELS);
        assertReject(app, Labels.fromSortedPairs(new String[] {"b", "1", "a", "2"}), 300, 1, Reason.INVALID_LABELS);
        assertReject(app, Labels.fromSortedPairs(new String[] {"a", "1", "a", "2"}), 300, 1, Reason.INVALID_LABELS);
        assertReject(app, ls("a", "bad\uD800"), 300, 1, Reason.INVALID_LABELS);
        app.append(0, ls("b", "1"), 300, 3);
        app.commit();
        assertThat(dump(head)).containsExactly(
                Map.entry(ls("a", "1"), List.of(sample(100, 1), sample(200, 2))),
                Map.entry(ls("b", "1"), List.of(sample(300, 3))));
        assertThat(registry.get("prometheus_tsdb_out_of_order_samples_total").counter().count()).isEqualTo(2);
    }

    @Test
    void samplesOlderThanHalfAChunkRangeAreOutOfBounds() throws Exception {
        open();
        HeadAppender app = head.appender();
        long range = OPTIONS.chunkRange();
        app.append(0, ls("a", "1"), 10 * range, 1);
        app.commit();
        app = head.appender();
        assertReject(app, ls("b", "1"), 10 * range - range / 2 - 1, 1, Reason.OUT_OF_BOUNDS);
        app.append(0, ls("b", "1"), 10 * range - range / 2, 1);
        app.commit();
        head.setMinValidTime(20 * range);
        assertReject(head.appender(), ls("c", "1"), 20 * range - 1, 1, Reason.OUT_OF_BOUNDS);
    }

    private static void assertReject(HeadAppender app, Labels labels, long t, double v, Reason reason) {
        assertThatThrownBy(() -> app.append(0, labels, t, v))
                .isInstanceOfSatisfying(AppendRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void matchersFollowPrometheusSemantics() throws Exception {
        open();
        HeadAppender app = head.appender();
        app.append(0, ls("__name__", "m", "job", "a", "env", "prod"), 1, 1);
        app.append(0, ls("__name__", "m", "job", "b"), 1, 1);
        app.append(0, ls("__name__", "m", "job", "c", "env", "dev"), 1, 1);
        app.append(0, ls("__name__", "other", "job", "a"), 1, 1);
        app.commit();
        assertThat(jobs(Matcher.equal("__name__", "m"))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(jobs(Matcher.equal("__name__", "m"), Matcher.equal("env", ""))).containsExactlyInAnyOrder("b");
        assertThat(jobs(Matcher.equal("__name__", "m"), Matcher.notEqual("env", ""))).containsExactlyInAnyOrder("a", "c");
        assertThat(jobs(Matcher.equal("__name__", "m"), Matcher.notEqual("env", "prod"))).containsExactlyInAnyOrder("b", "c");
        assertThat(jobs(Matcher.regex("job", "a|c"))).containsExactlyInAnyOrder("a", "a", "c");
        assertThat(jobs(Matcher.equal("__name__", "m"), Matcher.notRegex("env", "p.*"))).containsExactlyInAnyOrder("b", "c");
        assertThat(jobs(Matcher.regex("env", ".+"))).containsExactlyInAnyOrder("a", "c");
        assertThat(jobs(Matcher.equal("__name__", "m"), Matcher.regex("env", "d.*|"))).containsExactlyInAnyOrder("b", "c");
        assertThat(jobs(Matcher.equal("nope", "x"))).isEmpty();
        try (Querier q = head.querier(0, 10)) {
            assertThat(q.labelValues("job", LabelHints.NONE).values()).containsExactly("a", "b", "c");
            assertThat(q.labelValues("job", LabelHints.NONE, Matcher.equal("env", "dev")).values()).containsExactly("c");
            assertThat(q.labelNames(LabelHints.NONE).values()).containsExactly("__name__", "env", "job");
            assertThat(q.labelNames(new LabelHints(1), Matcher.equal("job", "b")).values()).containsExactly("__name__");
        }
        try (Querier q = head.querier(2, 10)) {
            assertThat(q.select(false, null, Matcher.equal("__name__", "m")).next()).isFalse();
        }
    }

    private List<String> jobs(Matcher... ms) {
        List<String> out = new ArrayList<>();
        dump(head, ms).keySet().forEach(l -> out.add(l.get("job")));
        return out;
    }

    @Test
    void cutsChunksLikePrometheusAndMapsCompletedOnes() throws Exception {
        open();
        HeadAppender app = head.appender();
        long range = OPTIONS.chunkRange();
        // 15s scrape over exactly one chunk range: 480 samples in 4 chunks of 120
        for (long t = 0; t < range; t += 15_000) {
            app.append(0, ls("a", "1"), t, t);
        }
        // and on into the next range: a new chunk starts at the boundary
        app.append(0, ls("a", "1"), range, 1);
        app.commit();
        List<ChunkMeta> chunks = chunks(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(chunks).extracting(c -> c.chunk().numSamples()).containsExactly(120, 120, 120, 120, 1);
        assertThat(chunks.get(3).maxTime()).isEqualTo(range - 15_000);
        assertThat(chunks.get(4).minTime()).isEqualTo(range);
        try (Stream<Path> files = Files.list(dir.resolve("chunks_head"))) {
            assertThat(files.count()).isEqualTo(1);
        }
        assertThat(dump(head).get(ls("a", "1"))).hasSize(481);
        // chunk querier returns chunks overlapping the range only
        assertThat(chunks(range - 15_000, range)).hasSize(2);
        assertThat(chunks(range - 14_999, range)).hasSize(1);
    }

    @Test
    void fastSamplesAreCutAtTwiceTheTargetOrTheByteLimit() throws Exception {
        open();
        HeadAppender app = head.appender();
        for (long t = 0; t < 1000; t++) {
            app.append(0, ls("a", "1"), t, t % 2 == 0 ? 0.1 * t : Math.random()); // random values: big chunks
        }
        app.commit();
        for (ChunkMeta c : chunks(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(c.chunk().numSamples()).isLessThanOrEqualTo(240);
            assertThat(c.chunk().bytes().byteSize()).isLessThanOrEqualTo(1024);
        }
    }

    private List<ChunkMeta> chunks(long mint, long maxt) {
        List<ChunkMeta> out = new ArrayList<>();
        try (ChunkQuerier q = head.chunkQuerier(mint, maxt)) {
            ChunkSeriesSet set = q.select(true, null, Matcher.equal("a", "1"));
            while (set.next()) {
                var it = set.at().chunks();
                while (it.next()) {
                    out.add(it.at());
                }
            }
        }
        return out;
    }

    @Test
    void replayRestoresTheHeadExactly() throws Exception {
        open();
        for (int batch = 0; batch < 50; batch++) {
            HeadAppender app = head.appender();
            for (int s = 0; s < 20; s++) {
                app.append(0, ls("__name__", "m", "s", "" + s), batch * 1000L + s, batch * s);
            }
            app.commit();
        }
        long ref = head.appender().append(0, ls("__name__", "m", "s", "3"), 1_000_000, 1);
        Map<Labels, List<String>> before = dump(head);
        head.close();
        open();
        assertThat(dump(head)).isEqualTo(before);
        HeadAppender app = head.appender();
        assertThat(app.append(0, ls("__name__", "m", "s", "3"), 1_000_000, 1)).isEqualTo(ref);
        long fresh = app.append(0, ls("__name__", "new"), 1, 1);
        assertThat(fresh).isGreaterThan(20);
    }

    @Test
    void truncationDropsOldChunksCollectsEmptySeriesAndCheckpointsTheWal() throws Exception {
        open();
        long range = OPTIONS.chunkRange();
        HeadAppender app = head.appender();
        for (long t = 0; t < 2 * range; t += 60_000) {
            app.append(0, ls("s", "both"), t, t);
            if (t < range) {
                app.append(0, ls("s", "old"), t, t);
            }
            app.commit();
        }
        app.append(0, ls("s", "pending"), 2 * range - range / 2, 1); // created, not yet committed
        head.truncate(range);
        assertThat(head.numSeries()).isEqualTo(1); // "old" and the pending series are gone
        assertThat(head.minTime()).isEqualTo(range);
        app.commit(); // recreates the collected series
        Map<Labels, List<String>> after = dump(head);
        assertThat(after.keySet()).containsExactly(ls("s", "both"), ls("s", "pending"));
        assertThat(after.get(ls("s", "both")).getFirst()).isEqualTo(sample(range, range));
        try (Stream<Path> wal = Files.list(dir.resolve("wal"))) {
            assertThat(wal.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoint."));
        }
        head.close();
        head = Head.open(dir, OPTIONS, range, registry);
        assertThat(dump(head)).isEqualTo(after);
    }
}
