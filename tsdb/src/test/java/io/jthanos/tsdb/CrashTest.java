package io.jthanos.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Queryable;
import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadContent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends and commits at full speed with SIGKILL at random moments, and
 * checks after each kill that every batch it reported committed is in the reopened database and that
 * no batch is there in part. In the Tsdb mode the kills also land in block writes, head truncations
 * and WAL checkpoints.
 */
class CrashTest {
    @TempDir
    Path dir;

    private static final int ROUNDS = 20;

    @Test
    void headKeepsCommittedBatchesAcrossSigkill() throws Exception {
        run("head");
    }

    @Test
    void tsdbKeepsCommittedBatchesAcrossSigkillWhileCuttingBlocks() throws Exception {
        run("tsdb");
    }

    private void run(String mode) throws Exception {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long lastCommitted = -1;
        long truncatedTo = Long.MIN_VALUE;
        long totalCommits = 0;
        int blocks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // stdout goes to a file: every line the child wrote before SIGKILL is in it (a pipe's reader
            // may lose the tail when the JDK's process reaper closes the stream under it)
            Path log = dir.resolveSibling(dir.getFileName() + "-round" + round + ".log");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    CrashChild.class.getName(), dir.toString(), mode)
                    .redirectOutput(log.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.currentTimeMillis() + 20_000;
            while (child.isAlive() && System.currentTimeMillis() < deadline && !Files.readString(log).contains("C ")) {
                Thread.sleep(10);
            }
            Thread.sleep(50 + rnd.nextInt(500));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            AtomicLong committed = new AtomicLong(-1);
            AtomicLong truncating = new AtomicLong(Long.MIN_VALUE);
            AtomicLong commits = new AtomicLong();
            String output = Files.readString(log);
            for (String line : output.substring(0, output.lastIndexOf('\n') + 1).lines().toList()) {
                long v = Long.parseLong(line.substring(2));
                switch (line.charAt(0)) {
                    case 'C' -> {
                        committed.set(v);
                        commits.incrementAndGet();
                    }
                    case 'T' -> truncating.set(v);
                    default -> throw new AssertionError("unexpected child output: " + line);
                }
            }
            assertThat(commits.get()).as("child committed something in round %d (seed %d)", round, seed).isPositive();
            totalCommits += commits.get();
            lastCommitted = Math.max(lastCommitted, committed.get());
            truncatedTo = Math.max(truncatedTo, truncating.get());

            if (mode.equals("tsdb")) {
                try (Tsdb db = Tsdb.open(dir, CrashChild.TSDB_OPTIONS, new SimpleMeterRegistry())) {
                    verify(db, lastCommitted, truncatedTo, round, seed);
                    blocks = db.blocks().size();
                }
            } else {
                try (Head head = Head.open(dir, CrashChild.HEAD_OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry())) {
                    verify(head, lastCommitted, truncatedTo, round, seed);
                }
            }
        }
        System.out.printf("crash test (%s): %d rounds, %d commits acknowledged, last batch %d, %d blocks%n", mode, ROUNDS,
                totalCommits, lastCommitted, blocks);
    }

    private static void verify(Queryable head, long lastCommitted, long truncatedTo, int round, long seed) {
        Map<Labels, List<String>> fixed = HeadContent.dump(head, Matcher.equal("__name__", "crash"));
        Map<Labels, List<String>> created = HeadContent.dump(head, Matcher.equal("__name__", "crash_new"));
        TreeSet<Long> present = new TreeSet<>();
        for (List<String> samples : fixed.values()) {
            for (String s : samples) {
                present.add(Long.parseLong(s.substring(0, s.indexOf('='))));
            }
        }
        String context = "round " + round + " seed " + seed;
        long from = Math.max(0, truncatedTo);
        for (long b = from; b <= lastCommitted; b++) {
            assertThat(present).as("%s: committed batch %d", context, b).contains(b);
        }
        for (long b : present.tailSet(from)) {
            for (int s = 0; s < CrashChild.SERIES; s++) {
                assertThat(fixed.get(Labels.of("__name__", "crash", "s", "" + s))).as("%s: batch %d whole", context, b)
                        .contains(HeadContent.sample(b, b));
            }
            if (b % 10 == 0) {
                assertThat(created.get(Labels.of("__name__", "crash_new", "b", "" + b))).as("%s: batch %d whole", context, b)
                        .containsExactly(HeadContent.sample(b, b));
            }
        }
        assertThat(present.isEmpty() ? -1 : present.last()).as(context).isBetween(lastCommitted, lastCommitted + 1);
    }
}
