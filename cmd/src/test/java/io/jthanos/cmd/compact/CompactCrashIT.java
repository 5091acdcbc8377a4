package io.jthanos.cmd.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.compact.BucketBlocks;
import io.jthanos.model.Labels;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.BlockQuerier;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's crash proof with real processes: {@code bin/thanos compact} over a FILESYSTEM bucket of twelve 2h
 * blocks (5,000 series each) is killed with SIGKILL at observed points — once blocks are being downloaded for a
 * compaction, once a new block is being uploaded, once sources are being marked, once a marked block is being
 * deleted — and restarted each time. The last run must exit 0; afterwards no data is lost (every sample of every
 * series, exactly once), no two live blocks share a source or overlap, and every live block reads back whole.
 */
class CompactCrashIT {
    private static final long HOUR = 3_600_000L;
    private static final int SERIES = 5_000;
    private static final int BLOCKS = 12;
    private static final long STEP = 30_000;

    @TempDir Path tmp;

    /** The value of series {@code s} at {@code t}: what every block must still hold. */
    private static double value(int s, long t) {
        return s * 1000.0 + t / STEP;
    }

    @Test
    void killedAtEachStageTheCompactorConvergesWithoutLossOrDuplicates() throws Exception {
        Path root = Path.of(System.getProperty("jthanos.repo.root", "..")).toAbsolutePath().normalize();
        boolean built;
        try (Stream<Path> jars = Files.isDirectory(root.resolve("cmd/target/dist/lib"))
                ? Files.list(root.resolve("cmd/target/dist/lib")) : Stream.empty()) {
            built = jars.anyMatch(p -> p.getFileName().toString().startsWith("jthanos-cmd-"));
        }
        if (!built) {
            System.out.println("CompactCrashIT skipped: no distribution (run ./mvnw -pl cmd -am package)");
        }
        Assumptions.assumeTrue(built, "distribution not built");

        Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
        Set<String> originals = new HashSet<>();
        try (FilesystemBucket bkt = new FilesystemBucket(bucketDir)) {
            for (int b = 0; b < BLOCKS; b++) {
                BlockMeta m = writeBlock(tmp.resolve("in"), b * 2 * HOUR);
                BucketBlocks.upload(bkt, tmp.resolve("in").resolve(m.ulid()), Clock.systemUTC());
                originals.add(m.ulid());
            }
        }
        Path dataDir = tmp.resolve("data");
        List<String> command = List.of(root.resolve("bin/thanos").toString(), "compact",
                "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: " + bucketDir + "\n",
                "--data-dir=" + dataDir, "--http-address=127.0.0.1:0", "--consistency-delay=0s", "--delete-delay=0s",
                "--log.level=info");
        Map<String, Predicate<Path>> killPoints = new java.util.LinkedHashMap<>();
        killPoints.put("downloading sources", b -> hasDownloads(dataDir));
        killPoints.put("uploading a new block", b -> newBlockDirs(b, originals) > 0);
        killPoints.put("marking sources", b -> count(b, "deletion-mark.json") > 0);
        killPoints.put("deleting a marked block",
                b -> originals.stream().anyMatch(id -> !Files.exists(b.resolve(id).resolve("meta.json"))));
        List<String> killedAt = new ArrayList<>();
        int run = 0;
        for (var point : killPoints.entrySet()) {
            Process p = start(command, root, tmp.resolve("run-" + (run++) + ".log"));
            boolean killed = false;
            while (p.isAlive()) {
                if (point.getValue().test(bucketDir)) {
                    p.destroyForcibly(); // SIGKILL
                    killed = true;
                    break;
                }
                Thread.sleep(2);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (killed) {
                killedAt.add(point.getKey());
            }
        }
        // the last runs go to the end: the first finishes the work, the second finds nothing left to do
        for (int i = 0; i < 2; i++) {
            Path log = tmp.resolve("run-" + (run++) + ".log");
            Process p = start(command, root, log);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        }
        System.out.println("CompactCrashIT: killed while " + killedAt);
        assertThat(killedAt).as("the compactor was killed mid-work at least twice").hasSizeGreaterThanOrEqualTo(2);

        // live blocks: meta.json present, no deletion mark
        List<BlockMeta> live = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(bucketDir)) {
            for (Path d : dirs.toList()) {
                if (Files.exists(d.resolve("meta.json")) && !Files.exists(d.resolve("deletion-mark.json"))) {
                    live.add(BlockMetaJson.read(d));
                }
            }
        }
        Set<String> sources = new HashSet<>();
        for (BlockMeta m : live) {
            for (String s : m.compaction().sources()) {
                assertThat(sources.add(s)).as("source %s in two live blocks: %s", s, live).isTrue();
            }
        }
        assertThat(sources).isEqualTo(originals);
        live.sort(java.util.Comparator.comparingLong(BlockMeta::minTime));
        for (int i = 1; i < live.size(); i++) {
            assertThat(live.get(i).minTime()).as("overlap in %s", live).isGreaterThanOrEqualTo(live.get(i - 1).maxTime());
        }
        assertThat(live.size()).as("compacted").isLessThan(BLOCKS);

        Map<Integer, Integer> counts = new HashMap<>();
        try (FilesystemBucket bkt = new FilesystemBucket(bucketDir)) {
            for (BlockMeta m : live) {
                Path d = tmp.resolve("check").resolve(m.ulid());
                BucketBlocks.download(bkt, m.ulid(), d);
                readAll(d, counts);
            }
        }
        assertThat(counts).hasSize(SERIES);
        assertThat(counts.values()).as("samples per series").containsOnly(BLOCKS * (int) (2 * HOUR / STEP));
    }

    private static Process start(List<String> command, Path root, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JTHANOS_NO_REBUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static boolean hasDownloads(Path dataDir) {
        Path compact = dataDir.resolve("compact");
        if (!Files.isDirectory(compact)) {
            return false;
        }
        try (Stream<Path> groups = Files.list(compact)) {
            for (Path g : groups.toList()) {
                try (Stream<Path> blocks = Files.list(g)) {
                    if (blocks.findAny().isPresent()) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false; // moved or deleted while listing
        }
        return false;
    }

    private static long newBlockDirs(Path bucketDir, Set<String> originals) {
        try (Stream<Path> dirs = Files.list(bucketDir)) {
            return dirs.filter(d -> !originals.contains(d.getFileName().toString())).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long count(Path bucketDir, String file) {
        try (Stream<Path> dirs = Files.list(bucketDir)) {
            return dirs.filter(d -> Files.exists(d.resolve(file))).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Checks every sample of a block against {@link #value} and counts samples per series. */
    private static void readAll(Path blockDir, Map<Integer, Integer> counts) throws IOException {
        try (Block b = Block.open(blockDir); BlockQuerier q = b.querier(b.meta().minTime(), b.meta().maxTime() - 1)) {
            SeriesSet set = q.select(true, SelectHints.range(b.meta().minTime(), b.meta().maxTime() - 1));
            SampleIterator it = null;
            while (set.next()) {
                Series s = set.at();
                int id = Integer.parseInt(s.labels().get("series"));
                it = s.iterator(it);
                int n = 0;
                while (it.next() == ValueType.FLOAT) {
                    assertThat(it.atF()).as("series %d at %d", id, it.atT()).isEqualTo(value(id, it.atT()));
                    n++;
                }
                counts.merge(id, n, Integer::sum);
            }
        }
    }

    private static BlockMeta writeBlock(Path dir, long minTime) throws IOException {
        Files.createDirectories(dir);
        ChunkSeriesSet set = new ChunkSeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < SERIES;
            }

            @Override
            public ChunkSeries at() {
                int id = i;
                Labels l = Labels.of("__name__", "crash_test", "series", String.format("%05d", id));
                List<ChunkMeta> chunks = new ArrayList<>();
                for (long t0 = minTime; t0 < minTime + 2 * HOUR; t0 += 120 * STEP) {
                    XorChunk c = new XorChunk();
                    XorAppender a = c.appender();
                    long t = t0;
                    for (; t < t0 + 120 * STEP && t < minTime + 2 * HOUR; t += STEP) {
                        a.append(t, value(id, t));
                    }
                    chunks.add(new ChunkMeta(t0, t - STEP, c));
                }
                return ChunkSeries.of(l, chunks);
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
        return new BlockWriter(dir).ulid(Ulid.generate(System.currentTimeMillis() - 3 * HOUR))
                .timeRange(minTime, minTime + 2 * HOUR)
                .thanos(BlockMeta.Thanos.of(Map.of("cluster", "crash"), "receive")).write(set);
    }
}
