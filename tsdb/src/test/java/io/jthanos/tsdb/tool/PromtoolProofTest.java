package io.jthanos.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof against promtool 3.5 on generated OpenMetrics data (thousands of series): both ways of reading,
 * and byte equality of index and chunk files. Only the block ULIDs (and so meta.json) differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromtoolProofTest {
    @TempDir
    static Path tmp;

    Path input;
    Path promtoolDb;
    Path ourDb;
    List<BlockMeta> ourBlocks;
    String promtoolDumpOfPromtoolBlocks;

    @BeforeAll
    void buildBlocksBothWays() throws Exception {
        Oracles.promtool();
        input = tmp.resolve("input.om");
        Files.writeString(input, OpenMetricsGenerator.generate(42, 10), StandardCharsets.UTF_8);
        promtoolDb = tmp.resolve("promtool-db");
        ourDb = tmp.resolve("our-db");
        Promtool.run(tmp, "tsdb", "create-blocks-from", "openmetrics", "-q", input.toString(), promtoolDb.toString());
        ourBlocks = new OpenMetricsBlockImporter().importFile(input, ourDb);
        Files.createDirectories(promtoolDb.resolve("wal"));
        Files.createDirectories(ourDb.resolve("wal"));
        promtoolDumpOfPromtoolBlocks = Promtool.run(tmp, "tsdb", "dump", promtoolDb.toString());
    }

    @Test
    void ourDumpOfPromtoolBlocksEqualsPromtoolDump() throws Exception {
        String ours = dump(promtoolDb, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        assertThat(ours.lines().count()).isGreaterThan(100_000);
        assertSameLines(ours, promtoolDumpOfPromtoolBlocks);
    }

    @Test
    void promtoolDumpOfOurBlocksEqualsPromtoolDumpOfItsOwn() throws Exception {
        assertSameLines(Promtool.run(tmp, "tsdb", "dump", ourDb.toString()), promtoolDumpOfPromtoolBlocks);
    }

    @Test
    void dumpWithTimeRangeAndMatchersAgrees() throws Exception {
        long min = OpenMetricsGenerator.START_MS + 3_000_000;
        long max = OpenMetricsGenerator.START_MS + 9_000_000;
        String m1 = "http_requests_total{path=~\"/(ü.*|日本語)\",code!=\"500\"}";
        String m2 = "{__name__=~\"random.*|node_.*\",zone=\"\"}";
        String expected = Promtool.run(tmp, "tsdb", "dump", "--min-time=" + min, "--max-time=" + max, "--match=" + m1, "--match=" + m2,
                promtoolDb.toString());
        assertThat(expected.lines().count()).isGreaterThan(1000);
        assertSameLines(dump(promtoolDb, min, max, List.of(m1, m2)), expected);
    }

    @Test
    void promtoolAnalyzesAndListsOurBlocks() throws Exception {
        for (BlockMeta m : ourBlocks) {
            String out = Promtool.run(tmp, "tsdb", "analyze", ourDb.toString(), m.ulid());
            assertThat(out).contains("Block ID: " + m.ulid()).contains("Series: " + m.stats().numSeries());
        }
        String list = Promtool.run(tmp, "tsdb", "list", ourDb.toString());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TsdbList.list(ourDb, false, new PrintStream(b, true, StandardCharsets.UTF_8));
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo(list);
        String human = Promtool.run(tmp, "tsdb", "list", "-r", ourDb.toString());
        b.reset();
        TsdbList.list(ourDb, true, new PrintStream(b, true, StandardCharsets.UTF_8));
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo(human);
    }

    @Test
    void indexAndChunkFilesAreByteIdenticalToPromtools() throws Exception {
        TreeMap<Long, Path> theirs = blocksByMinTime(promtoolDb);
        TreeMap<Long, Path> ours = blocksByMinTime(ourDb);
        assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet());
        assertThat(ours).hasSizeGreaterThanOrEqualTo(3);
        for (Long minTime : theirs.keySet()) {
            Path t = theirs.get(minTime);
            Path o = ours.get(minTime);
            assertThat(Files.readAllBytes(o.resolve("chunks/000001"))).as("chunks of block at %d", minTime)
                    .isEqualTo(Files.readAllBytes(t.resolve("chunks/000001")));
            assertThat(Files.readAllBytes(o.resolve("index"))).as("index of block at %d", minTime)
                    .isEqualTo(Files.readAllBytes(t.resolve("index")));
            assertThat(Files.readAllBytes(o.resolve("tombstones"))).isEqualTo(Files.readAllBytes(t.resolve("tombstones")));
            // meta.json differs only in the ULID
            String theirMeta = Files.readString(t.resolve("meta.json")).replace(t.getFileName().toString(), "ULID");
            String ourMeta = Files.readString(o.resolve("meta.json")).replace(o.getFileName().toString(), "ULID");
            assertThat(ourMeta).isEqualTo(theirMeta);
        }
    }

    private static TreeMap<Long, Path> blocksByMinTime(Path db) throws Exception {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(db)) {
            for (Path p : ds) {
                if (Files.exists(p.resolve("meta.json"))) {
                    String meta = Files.readString(p.resolve("meta.json"));
                    long min = Long.parseLong(meta.replaceAll("(?s).*\"minTime\": (-?\\d+).*", "$1"));
                    out.put(min, p);
                }
            }
        }
        return out;
    }

    static String dump(Path db, long min, long max, List<String> matchers) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(b, false, StandardCharsets.UTF_8)) {
            TsdbDump.dump(db, min, max, matchers, ps);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void assertSameLines(String actual, String expected) {
        if (!actual.equals(expected)) {
            List<String> a = actual.lines().toList();
            List<String> e = expected.lines().toList();
            List<String> diff = new ArrayList<>();
            for (int i = 0; i < Math.max(a.size(), e.size()) && diff.size() < 10; i++) {
                String x = i < a.size() ? a.get(i) : "<none>";
                String y = i < e.size() ? e.get(i) : "<none>";
                if (!x.equals(y)) {
                    diff.add("line " + (i + 1) + ":\n  ours:     " + x + "\n  expected: " + y);
                }
            }
            throw new AssertionError(a.size() + " lines vs " + e.size() + " expected; first differences:\n" + String.join("\n", diff));
        }
    }
}
