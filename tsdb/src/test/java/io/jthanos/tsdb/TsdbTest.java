package io.jthanos.tsdb;

import static io.jthanos.tsdb.head.HeadContent.dump;
import static io.jthanos.tsdb.head.HeadContent.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appender;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {
    @TempDir
    Path dir;

    static final long HOUR = 3_600_000L;
    static final TsdbOptions OPTIONS = TsdbOptions.defaults()
            .withDurability(DurabilityMode.NONE)
            .withRetention(Duration.ZERO)
            .withCompactionInterval(Duration.ZERO)
            .withWalSegmentSize(128 * 1024);

    /** Appends 10 series, one sample per 30s each, over [from, to); returns what was appended. */
    static Map<Labels, List<String>> fill(Tsdb db, long from, long to, Map<Labels, List<String>> into) throws Exception {
        Appender app = db.appender();
        int n = 0;
        for (long t = from; t < to; t += 30_000) {
            for (int s = 0; s < 10; s++) {
                Labels ls = Labels.of("__name__", "metric_" + (s % 3), "instance", "host-" + s);
                double v = s * 1000 + t / 30_000.0;
                app.append(0, ls, t, v);
                into.computeIfAbsent(ls, k -> new ArrayList<>()).add(sample(t, v));
                if (++n % 500 == 0) {
                    app.commit();
                }
            }
        }
        app.commit();
        return into;
    }

    @Test
    void cutsBlocksFromTheHeadAndQueriesBothTogether() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<Labels, List<String>> expected = new TreeMap<>();
        try (Tsdb db = Tsdb.open(dir, OPTIONS, registry)) {
            fill(db, 0, 7 * HOUR, expected);
            assertThat(db.compact()).isEqualTo(2); // [0,2h) and [2h,4h); the head keeps [4h, 7h)
            assertThat(db.blocks()).extracting(b -> b.meta().minTime()).containsExactly(0L, 2 * HOUR);
            assertThat(db.blocks()).extracting(b -> b.meta().maxTime()).containsExactly(2 * HOUR, 4 * HOUR);
            assertThat(db.head().minTime()).isEqualTo(4 * HOUR);
            assertThat(dump(db)).isEqualTo(expected);
            assertThat(registry.get("prometheus_tsdb_compactions_total").counter().count()).isEqualTo(2);
            assertThat(registry.get("prometheus_tsdb_blocks_loaded").gauge().value()).isEqualTo(2);

            // a sample inside a persisted range is refused
            assertThatThrownBy(() -> db.appender().append(0, Labels.of("__name__", "x"), HOUR, 1))
                    .isInstanceOfSatisfying(AppendRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(AppendRejectedException.Reason.OUT_OF_BOUNDS));
        }
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            assertThat(db.blocks()).hasSize(2);
            assertThat(dump(db)).isEqualTo(expected);
            assertThat(db.head().minTime()).isEqualTo(4 * HOUR);
            fill(db, 7 * HOUR, 10 * HOUR, expected);
            assertThat(db.compact()).isEqualTo(2); // [4h,6h) and [6h,8h)
            assertThat(dump(db)).isEqualTo(expected);
            try (Stream<Path> wal = Files.list(dir.resolve("wal"))) {
                assertThat(wal.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoint."));
            }
        }
    }

    @Test
    void compactionWaitsForBatchesThatMayHoldSamplesOfItsRange() throws Exception {
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            Appender filler = db.appender();
            for (long t = 0; t <= 5 * HOUR / 2; t += 60_000) {
                filler.append(0, Labels.of("__name__", "a"), t, t);
            }
            filler.commit();
            // opened while the head ends at 2.5h: accepts samples from 1.5h on
            Appender late = db.appender();
            late.append(0, Labels.of("__name__", "b"), 19 * HOUR / 10, 1);
            for (long t = 5 * HOUR / 2 + 60_000; t <= 36 * HOUR / 10; t += 60_000) {
                filler.append(0, Labels.of("__name__", "a"), t, t);
            }
            filler.commit();
            // the head now spans 3.6h: [0, 2h) is due, and "late" holds a sample at 1.9h
            Thread compaction = Thread.ofPlatform().start(() -> {
                try {
                    db.compact();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            compaction.join(300);
            assertThat(compaction.isAlive()).as("compaction waits for the open batch").isTrue();
            late.commit();
            compaction.join();
            assertThat(db.blocks()).hasSize(1);
            assertThat(dump(db.blocks().getFirst(), Matcher.equal("__name__", "b")))
                    .containsExactly(Map.entry(Labels.of("__name__", "b"), List.of(sample(19 * HOUR / 10, 1))));
        }
    }

    @Test
    void queriesOnlyTheRangeAskedFor() throws Exception {
        Map<Labels, List<String>> all = new TreeMap<>();
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            fill(db, 0, 5 * HOUR, all);
            db.compact();
            // across the block/head boundary
            long from = 4 * HOUR - 60_000, to = 4 * HOUR + 60_000;
            Map<Labels, List<String>> expected = new TreeMap<>();
            all.forEach((ls, samples) -> {
                List<String> in = samples.stream().filter(s -> {
                    long t = Long.parseLong(s.substring(0, s.indexOf('=')));
                    return t >= from && t <= to;
                }).toList();
                if (!in.isEmpty()) {
                    expected.put(ls, in);
                }
            });
            Map<Labels, List<String>> got = new TreeMap<>();
            try (var q = db.querier(from, to)) {
                var set = q.select(true, null, Matcher.regex("__name__", "metric_.*"));
                while (set.next()) {
                    List<String> samples = new ArrayList<>();
                    var it = set.at().iterator(null);
                    while (it.next() != io.jthanos.tsdb.chunkenc.ValueType.NONE) {
                        if (it.atT() >= from && it.atT() <= to) {
                            samples.add(sample(it.atT(), it.atF()));
                        }
                    }
                    got.put(set.at().labels(), samples);
                }
            }
            assertThat(got).isEqualTo(expected);
            try (ChunkQuerier q = db.chunkQuerier(from, to)) {
                ChunkSeriesSet set = q.select(true, null, Matcher.equal("instance", "host-1"));
                assertThat(set.next()).isTrue();
                assertThat(set.at().labels()).isEqualTo(Labels.of("__name__", "metric_1", "instance", "host-1"));
                var chunks = set.at().chunks();
                int n = 0;
                while (chunks.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2); // the last chunk of the block and the first of the head
                assertThat(set.next()).isFalse();
            }
        }
    }

    @Test
    void retentionDeletesOldBlocks() throws Exception {
        TsdbOptions options = OPTIONS.withRetention(Duration.ofHours(3));
        try (Tsdb db = Tsdb.open(dir, options, new SimpleMeterRegistry())) {
            fill(db, 0, 11 * HOUR, new TreeMap<>());
            db.compact();
            // blocks [0,2) [2,4) [4,6) [6,8) were cut (the head keeps [8h, 11h)); those ending > 3h before 8h are gone
            assertThat(db.blocks()).extracting(b -> b.meta().maxTime()).containsExactly(6 * HOUR, 8 * HOUR);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(p -> io.jthanos.tsdb.block.Ulid.isValid(p.getFileName().toString())).count()).isEqualTo(2);
            }
            Map<Labels, List<String>> content = dump(db);
            String first = content.values().iterator().next().getFirst();
            assertThat(Long.parseLong(first.substring(0, first.indexOf('=')))).isEqualTo(4 * HOUR);
        }
    }

    @Test
    void retentionKeepsBlocksTheFilterRefusesUntilItAllowsThem() throws Exception {
        TsdbOptions options = OPTIONS.withRetention(Duration.ofHours(3));
        try (Tsdb db = Tsdb.open(dir, options, new SimpleMeterRegistry())) {
            java.util.Set<Long> allowed = java.util.concurrent.ConcurrentHashMap.newKeySet();
            db.setRetentionFilter(meta -> allowed.contains(meta.maxTime()));
            allowed.add(2 * HOUR);
            fill(db, 0, 11 * HOUR, new TreeMap<>());
            db.compact();
            // [0,2) may go; [2,4) is beyond the retention too but refused (e.g. not shipped yet)
            assertThat(db.blocks()).extracting(b -> b.meta().maxTime()).containsExactly(4 * HOUR, 6 * HOUR, 8 * HOUR);
            allowed.add(4 * HOUR);
            db.compact();
            assertThat(db.blocks()).extracting(b -> b.meta().maxTime()).containsExactly(6 * HOUR, 8 * HOUR);
        }
    }

    @Test
    void flushHeadWritesTheWholeHeadAsOneBlock() throws Exception {
        TreeMap<Labels, List<String>> expected = new TreeMap<>();
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            assertThat(db.flushHead()).isFalse();
            fill(db, 0, HOUR, expected); // less than a block range: compact() would not cut it
            assertThat(db.compact()).isZero();
            long max = db.head().maxTime();
            assertThat(db.flushHead()).isTrue();
            assertThat(db.blocks()).hasSize(1);
            assertThat(db.blocks().getFirst().meta().minTime()).isZero();
            assertThat(db.blocks().getFirst().meta().maxTime()).isEqualTo(max + 1);
            assertThat(db.head().minTime()).isEqualTo(Long.MAX_VALUE);
            assertThat(dump(db)).isEqualTo(expected);
        }
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            assertThat(db.blocks()).hasSize(1);
            assertThat(dump(db)).isEqualTo(expected); // nothing replayed twice from the WAL
        }
    }

    @Test
    void leftoversOfInterruptedBlockWritesAreRemovedOnOpen() throws Exception {
        Files.createDirectories(dir.resolve("01JABCDEFGHJKMNPQRSTVWXYZ0.tmp-for-creation/chunks"));
        Files.createDirectories(dir.resolve("01JABCDEFGHJKMNPQRSTVWXYZ1/chunks"));
        try (Tsdb db = Tsdb.open(dir, OPTIONS, new SimpleMeterRegistry())) {
            assertThat(db.blocks()).isEmpty();
        }
        assertThat(dir.resolve("01JABCDEFGHJKMNPQRSTVWXYZ0.tmp-for-creation")).doesNotExist();
        assertThat(dir.resolve("01JABCDEFGHJKMNPQRSTVWXYZ1")).doesNotExist();
    }

}
