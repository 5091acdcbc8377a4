package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * checks after each kill that every batch it reported committed is in the reopened head and that no
 * batch is there in part.
 */
class HeadCrashTest {
    @TempDir
    Path dir;

    private static final int ROUNDS = 20;

    @Test
    void committedBatchesSurviveSigkillAndNoBatchIsHalfThere() throws Exception {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long lastCommitted = -1;
        long truncatedTo = Long.MIN_VALUE;
        long totalCommits = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    CrashChild.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            AtomicLong committed = new AtomicLong(-1);
            AtomicLong truncating = new AtomicLong(Long.MIN_VALUE);
            AtomicLong commits = new AtomicLong();
            Object started = new Object();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        long v = Long.parseLong(line.substring(2));
                        switch (line.charAt(0)) {
                            case 'C' -> {
                                committed.set(v);
                                if (commits.incrementAndGet() == 1) {
                                    synchronized (started) {
                                        started.notifyAll();
                                    }
                                }
                            }
                            case 'T' -> truncating.set(v);
                            default -> { }
                        }
                    }
                } catch (Exception e) {
                    // the child died mid-line
                }
            });
            synchronized (started) {
                long deadline = System.currentTimeMillis() + 20_000;
                while (commits.get() == 0 && child.isAlive() && System.currentTimeMillis() < deadline) {
                    started.wait(100);
                }
            }
            assertThat(commits.get()).as("child committed something in round %d (seed %d)", round, seed).isPositive();
            Thread.sleep(50 + rnd.nextInt(600));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join();
            totalCommits += commits.get();
            lastCommitted = Math.max(lastCommitted, committed.get());
            truncatedTo = Math.max(truncatedTo, truncating.get());

            Head head = Head.open(dir, CrashChild.OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
            try {
                verify(head, lastCommitted, truncatedTo, round, seed);
            } finally {
                head.close();
            }
        }
        System.out.printf("crash test: %d rounds, %d commits acknowledged, last batch %d%n", ROUNDS, totalCommits, lastCommitted);
    }

    private static void verify(Head head, long lastCommitted, long truncatedTo, int round, long seed) {
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
