package io.jthanos.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.storage.Appender;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.Block;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks cut from the head read back identically through {@code promtool tsdb dump}. */
class TsdbPromtoolTest {
    @TempDir
    Path dir;

    @Test
    void promtoolDumpsExactlyWhatWasAppended() throws Exception {
        Path promtool = Oracles.promtool();
        Random rnd = new Random(3);
        TreeSet<String> expected = new TreeSet<>();
        long hour = TsdbTest.HOUR;
        long blocksEnd;
        try (Tsdb db = Tsdb.open(dir.resolve("db"), TsdbTest.OPTIONS, new SimpleMeterRegistry())) {
            Appender app = db.appender();
            double[] values = {0, 1, -1, 0.1, 1e300, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 42.5};
            Labels[] series = new Labels[40];
            double[] last = new double[series.length];
            for (int s = 0; s < series.length; s++) {
                series[s] = Labels.of("__name__", "m" + (s % 4), "instance", "i" + s, "zone", s % 2 == 0 ? "a" : "b", "quote", "x\"y");
            }
            // samples go in time order across series (the head refuses samples half a range behind its newest)
            for (long step = 0; step < 7 * hour; step += 30_000) {
                for (int s = 0; s < series.length; s++) {
                    if (rnd.nextInt(5) == 0) {
                        continue; // gaps
                    }
                    long t = step + rnd.nextInt(30_000);
                    double v = rnd.nextInt(4) == 0 ? values[rnd.nextInt(values.length)] : last[s] + rnd.nextInt(100);
                    last[s] = v;
                    app.append(0, series[s], t, v);
                    expected.add(line(series[s], v, t));
                }
                app.commit();
            }
            assertThat(db.compact()).isEqualTo(2);
            blocksEnd = db.blocks().getLast().meta().maxTime();
            // copy the blocks into a database directory of their own, with the empty wal/ promtool needs
            Path copy = dir.resolve("copy");
            Files.createDirectories(copy.resolve("wal"));
            for (Block b : db.blocks()) {
                copyTree(b.dir(), copy.resolve(b.dir().getFileName()));
            }
        }
        expected.removeIf(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)) >= blocksEnd);

        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "dump", dir.resolve("copy").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> normalised = out.stream().map(TsdbPromtoolTest::normalise).sorted().toList();
        assertThat(normalised).hasSize(expected.size());
        assertThat(normalised).containsExactlyElementsOf(new ArrayList<>(expected));
    }

    /**
     * Prometheus reads our WAL: promtool opens the database read-only, which replays {@code wal/}
     * (checkpoint and segments) into its own head, and dumps blocks and head together.
     */
    @Test
    void promtoolReplaysOurWalAndCheckpointIntoItsHead() throws Exception {
        Path promtool = Oracles.promtool();
        TreeSet<String> expected = new TreeSet<>();
        long hour = TsdbTest.HOUR;
        Path db = dir.resolve("db");
        try (Tsdb tsdb = Tsdb.open(db, TsdbTest.OPTIONS, new SimpleMeterRegistry())) {
            java.util.Map<Labels, List<String>> appended = TsdbTest.fill(tsdb, 0, 7 * hour, new java.util.TreeMap<>());
            assertThat(tsdb.compact()).isEqualTo(2); // leaves a checkpoint and the head [4h, 7h)
            appended = TsdbTest.fill(tsdb, 7 * hour, 8 * hour, appended);
            appended.forEach((ls, samples) -> samples.forEach(s -> {
                long t = Long.parseLong(s.substring(0, s.indexOf('=')));
                double v = Double.parseDouble(s.substring(s.indexOf('=') + 1));
                expected.add(line(ls, v, t));
            }));
        }
        // our chunks_head is only a cache (rebuilt from the WAL on open); give promtool blocks and WAL
        Path copy = dir.resolve("copy");
        try (Stream<Path> entries = Files.list(db)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals("chunks_head")) {
                    copyTree(p, copy.resolve(p.getFileName()));
                }
            }
        }
        try (Stream<Path> wal = Files.list(copy.resolve("wal"))) {
            assertThat(wal.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoint."));
        }
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "dump", copy.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> normalised = out.stream().map(TsdbPromtoolTest::normalise).sorted().toList();
        assertThat(normalised).containsExactlyElementsOf(new ArrayList<>(expected));
    }

    /** promtool prints {@code labels value timestamp} with Go's %g; compare values as doubles. */
    private static String line(Labels ls, double v, long t) {
        return ls + " " + Double.doubleToRawLongBits(v) + " " + t;
    }

    private static String normalise(String promtoolLine) {
        int lastSpace = promtoolLine.lastIndexOf(' ');
        int valueStart = promtoolLine.lastIndexOf(' ', lastSpace - 1);
        String labels = promtoolLine.substring(0, valueStart);
        String value = promtoolLine.substring(valueStart + 1, lastSpace);
        double v = switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
        return labels + " " + Double.doubleToRawLongBits(v) + " " + promtoolLine.substring(lastSpace + 1);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
