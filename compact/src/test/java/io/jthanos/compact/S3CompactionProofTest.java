package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.model.Labels;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof on S3 (s3proxy): three days of 2h blocks from two replicas are compacted with
 * vertical deduplication; the raw blocks are merged as planned, one copy of the data remains, the
 * union of the samples read back equals the deduplicated input, and promtool's dump of the compacted
 * 2d block shows exactly the deduplicated input of its range.
 */
class S3CompactionProofTest {
    @TempDir Path tmp;

    @Test
    void threeDaysOfTwoReplicasOnS3() throws Exception {
        Fixtures.Data data = Fixtures.generate(3, 0, 72 * HOUR, 60_000, 11);
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
        try (S3ProxyServer s3 = S3ProxyServer.start();
                Bucket bkt = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry())) {
            Fixtures.uploadBlocks(bkt, tmp.resolve("a"), data, 0, 72 * HOUR, 2 * HOUR,
                    Map.of("cluster", "eu1", "replica", "a"), clock);
            Fixtures.uploadBlocks(bkt, tmp.resolve("b"), data, 0, 72 * HOUR, 2 * HOUR,
                    Map.of("cluster", "eu1", "replica", "b"), clock);

            CompactorConfig cfg = CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO)
                    .withVerticalCompaction(true, List.of("replica"), DedupFunc.EXACT);
            IterationResult r = new Compactor(bkt, cfg, CompactMetrics.noop(), clock).runIteration();
            assertThat(r.ok()).as("%s", r.failures()).isTrue();

            Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
            List<String> raw = new ArrayList<>();
            live.values().stream().filter(m -> m.thanos().downsampleResolution() == 0)
                    .sorted(CompactionGroup.BY_MIN_TIME).forEach(m -> raw.add(m.minTime() / HOUR + "-" + m.maxTime() / HOUR));
            assertThat(raw).containsExactly("0-48", "48-56", "56-64", "64-66", "66-68", "68-70", "70-72");
            assertThat(live.values()).allMatch(m -> m.thanos().labels().equals(Map.of("cluster", "eu1")));
            Fixtures.Data back = Fixtures.readBucket(bkt, tmp.resolve("read"), 0, clock);
            assertThat(back).isEqualTo(data);

            BlockMeta twoDays = live.values().stream()
                    .filter(m -> m.thanos().downsampleResolution() == 0 && m.maxTime() == 48 * HOUR).findFirst().orElseThrow();
            assertThat(twoDays.compaction().sources()).hasSize(48);
            Path db = tmp.resolve("promdb");
            BucketBlocks.download(bkt, twoDays.ulid(), db.resolve(twoDays.ulid()));
            assertThat(promtoolDump(db)).isEqualTo(data.slice(0, 48 * HOUR));
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\{.*\\}) (\\S+) (-?\\d+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Runs {@code promtool tsdb dump} over {@code db} and parses its lines back into data. */
    private static Fixtures.Data promtoolDump(Path db) throws Exception {
        Path promtool = Oracles.promtool();
        Files.createDirectories(db.resolve("wal"));
        Path out = db.resolveSibling("dump.txt");
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "dump", "--min-time=-9223372036854775808",
                "--max-time=9223372036854775807", db.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Fixtures.Data d = new Fixtures.Data();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("dump line %s", line).isTrue();
            List<String> kv = new ArrayList<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                kv.add(l.group(1));
                kv.add(l.group(2));
            }
            d.add(Labels.of(kv.toArray(String[]::new)), Long.parseLong(m.group(3)), Double.parseDouble(m.group(2)));
        }
        return d;
    }
}
