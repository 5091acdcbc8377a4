package io.jthanos.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appender;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.head.HeadContent;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appenders, a background compaction cutting blocks every few milliseconds, and queries, all at once:
 * every accepted sample must be in the database exactly once, before and after reopening, and queries
 * must always see each series in strictly increasing time.
 */
class TsdbConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void appendsCompactionsAndQueriesTogether() throws Exception {
        TsdbOptions options = TsdbOptions.defaults()
                .withBlockDuration(Duration.ofSeconds(1))
                .withRetention(Duration.ZERO)
                .withDurability(DurabilityMode.NONE)
                .withCompactionInterval(Duration.ofMillis(2))
                .withWalSegmentSize(256 * 1024);
        Map<Labels, List<String>> accepted = new ConcurrentHashMap<>();
        AtomicLong clock = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        long rejected;
        int blocks;
        try (Tsdb db = Tsdb.open(dir, options, new SimpleMeterRegistry())) {
            AtomicLong rejections = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        Appender app = db.appender();
                        for (int i = 0; i < 5000; i++) {
                            long t = clock.incrementAndGet();
                            for (int s = 0; s < 3; s++) {
                                Labels ls = Labels.of("__name__", "c", "writer", "" + id, "s", "" + s);
                                try {
                                    app.append(0, ls, t, t * 10 + s);
                                    accepted.computeIfAbsent(ls, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                            .add(HeadContent.sample(t, t * 10 + s));
                                } catch (AppendRejectedException e) {
                                    assertThat(e.reason()).isEqualTo(AppendRejectedException.Reason.OUT_OF_BOUNDS);
                                    rejections.incrementAndGet();
                                }
                            }
                            if (i % 5 == 4) {
                                app.commit();
                            }
                        }
                        app.commit();
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                            SeriesSet set = q.select(true, null, Matcher.equal("__name__", "c"));
                            while (set.next()) {
                                SampleIterator it = set.at().iterator(null);
                                long last = Long.MIN_VALUE;
                                while (it.next() == ValueType.FLOAT) {
                                    assertThat(it.atT()).as("series %s", set.at().labels()).isGreaterThan(last);
                                    last = it.atT();
                                }
                            }
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            });
            for (Thread w : writers) {
                w.join();
            }
            done.set(true);
            reader.join();
            assertThat(errors).isEmpty();
            db.compact();
            blocks = db.blocks().size();
            rejected = rejections.get();
            assertThat(HeadContent.dump(db)).isEqualTo(sorted(accepted));
        }
        assertThat(blocks).isGreaterThan(5);
        try (Tsdb db = Tsdb.open(dir, options.withCompactionInterval(Duration.ZERO), new SimpleMeterRegistry())) {
            assertThat(HeadContent.dump(db)).isEqualTo(sorted(accepted));
        }
        System.out.printf("concurrency: %d blocks, %d samples accepted, %d refused as out of bounds%n", blocks,
                accepted.values().stream().mapToInt(List::size).sum(), rejected);
    }

    private static Map<Labels, List<String>> sorted(Map<Labels, List<String>> accepted) {
        Map<Labels, List<String>> out = new TreeMap<>();
        accepted.forEach((ls, samples) -> {
            List<String> copy = new ArrayList<>(samples);
            copy.sort(java.util.Comparator.comparingLong(x -> Long.parseLong(x.substring(0, x.indexOf('=')))));
            out.put(ls, copy);
        });
        return out;
    }
}
