package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the compactor at every bucket write of a full run (block uploads, deletion marks, deletions),
 * then restarts it: no data is lost, no half-written block is ever visible, and the bucket converges
 * to the state of an uninterrupted run.
 */
class CrashSafetyTest {
    @TempDir Path tmp;

    @Test
    void compactorKilledAtAnyWriteLosesNothingAndConverges() throws Exception {
        Fixtures.Data data = Fixtures.generate(2, 0, 48 * HOUR, 120_000, 7);
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
        InMemoryBucket seed = new InMemoryBucket();
        Fixtures.uploadBlocks(seed, tmp.resolve("a"), data, 0, 48 * HOUR, 2 * HOUR, Map.of("c", "x", "replica", "a"), clock);
        Fixtures.uploadBlocks(seed, tmp.resolve("b"), data, 0, 48 * HOUR, 2 * HOUR, Map.of("c", "x", "replica", "b"), clock);
        Map<String, byte[]> initial = new TreeMap<>(seed.objects());

        // Count the writes of an uninterrupted run (compaction, marks, downsampling, deletions).
        FaultyBucket counting = new FaultyBucket(copy(initial));
        MutableClock c0 = new MutableClock(clock.instant());
        runToCompletion(counting, c0, tmp.resolve("count"));
        int total = counting.writes();
        assertThat(total).isGreaterThan(50);
        Map<String, BlockMeta> expected = Fixtures.liveBlocks(counting, c0);

        // Crash at a spread of points over the whole run, restart each time.
        for (int crashAt = 1; crashAt <= total; crashAt += Math.max(1, total / 10)) {
            InMemoryBucket store = copy(initial);
            FaultyBucket bkt = new FaultyBucket(store);
            MutableClock c = new MutableClock(clock.instant());
            Path dataDir = tmp.resolve("run-" + crashAt);
            bkt.failFromWrite(crashAt);
            try {
                runToCompletion(bkt, c, dataDir);
            } catch (Exception expectedCrash) {
                // the process "died"
            }
            bkt.heal();
            assertNoVisiblePartialBlock(store);
            assertThat(Fixtures.readBucket(store, tmp.resolve("r1-" + crashAt), 0, c)).as("data after crash at write %d", crashAt)
                    .isEqualTo(data);

            runToCompletion(bkt, c, dataDir); // restart, same data dir
            assertNoVisiblePartialBlock(store);
            assertThat(Fixtures.readBucket(store, tmp.resolve("r2-" + crashAt), 0, c)).isEqualTo(data);
            Map<String, BlockMeta> live = Fixtures.liveBlocks(store, c);
            assertThat(ranges(live)).as("converged after crash at write %d", crashAt).isEqualTo(ranges(expected));
            assertThat(store.objects().keySet()).as("no marks or partial blocks left").noneMatch(k ->
                    k.endsWith(DeletionMark.FILE_NAME));
        }
    }

    private static List<String> ranges(Map<String, BlockMeta> live) {
        return live.values().stream().sorted(CompactionGroup.BY_MIN_TIME)
                .map(m -> m.thanos().downsampleResolution() + ":" + m.minTime() / HOUR + "-" + m.maxTime() / HOUR
                        + m.thanos().labels())
                .sorted().toList();
    }

    /** Runs iterations (advancing past the delete delay) until an iteration finds nothing to do. */
    private static void runToCompletion(FaultyBucket bkt, MutableClock clock, Path dataDir) throws Exception {
        CompactorConfig cfg = CompactorConfig.defaults(dataDir).withConsistencyDelay(Duration.ZERO)
                .withDeleteDelay(Duration.ofMinutes(1)).withVerticalCompaction(true, List.of("replica"), DedupFunc.EXACT);
        Compactor c = new Compactor(bkt, cfg, CompactMetrics.noop(), clock);
        for (int i = 0; i < 20; i++) {
            int before = bkt.writes();
            bkt.log().clear();
            IterationResult r = c.runIteration();
            if (!r.ok()) {
                throw new java.io.IOException(r.failures().toString());
            }
            clock.advance(Duration.ofMinutes(2));
            if (bkt.writes() == before) {
                return;
            }
        }
        throw new AssertionError("did not converge in 20 iterations; last writes " + bkt.log());
    }

    /** Every block with a meta.json has all the files its meta lists, at their sizes. */
    private static void assertNoVisiblePartialBlock(InMemoryBucket store) throws Exception {
        for (var e : store.objects().entrySet()) {
            if (!e.getKey().endsWith("/" + BlockMetaJson.FILE_NAME)) {
                continue;
            }
            String id = e.getKey().substring(0, e.getKey().indexOf('/'));
            BlockMeta m = BlockMetaJson.parse(e.getValue(), e.getKey());
            assertThat(m.thanos().files()).isNotEmpty();
            for (BlockMeta.File f : m.thanos().files()) {
                if (f.relPath().equals(BlockMetaJson.FILE_NAME)) {
                    continue;
                }
                byte[] obj = store.objects().get(id + "/" + f.relPath());
                assertThat(obj).as("file %s of visible block %s", f.relPath(), id).isNotNull();
                assertThat((long) obj.length).isEqualTo(f.sizeBytes());
            }
        }
    }

    private static InMemoryBucket copy(Map<String, byte[]> objects) throws Exception {
        InMemoryBucket b = new InMemoryBucket();
        for (var e : objects.entrySet()) {
            b.upload(e.getKey(), e.getValue());
        }
        return b;
    }
}
