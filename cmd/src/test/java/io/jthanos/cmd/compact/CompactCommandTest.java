package io.jthanos.cmd.compact;

import static io.jthanos.cmd.compact.TestBlocks.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.cli.Cli;
import io.jthanos.compact.CompactorConfig;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactCommandTest {
    @TempDir Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String yaml(Path dir) {
        return "type: FILESYSTEM\nconfig:\n  directory: " + dir + "\n";
    }

    private Bucket bucket(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new FilesystemBucket(dir);
    }

    @Test
    void oneShotRunCompactsAndMarksSources() throws Exception {
        Path dir = tmp.resolve("bucket");
        List<String> sources = new ArrayList<>();
        try (Bucket bkt = bucket(dir)) {
            for (long t = 0; t < 10 * HOUR; t += 2 * HOUR) {
                sources.add(TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "a")).ulid());
            }
        }
        Result r = run("compact", "--objstore.config=" + yaml(dir), "--data-dir=" + tmp.resolve("data"),
                "--http-address=127.0.0.1:0", "--consistency-delay=0s", "--log.level=warn");
        assertThat(r.code()).as(r.err()).isZero();
        try (Bucket bkt = bucket(dir)) {
            List<BlockMeta> compacted = new ArrayList<>();
            for (String name : TestBlocks.objects(bkt)) {
                if (name.endsWith("/meta.json")) {
                    try (var in = bkt.get(name)) {
                        BlockMeta m = BlockMetaJson.parse(in.readAllBytes(), name);
                        if (m.compaction().level() > 1) {
                            compacted.add(m);
                        }
                    }
                }
            }
            assertThat(compacted).hasSize(1);
            assertThat(compacted.get(0).compaction().sources()).containsExactlyElementsOf(sources.subList(0, 4));
            assertThat(compacted.get(0).thanos().source()).isEqualTo("compactor");
            for (String s : sources.subList(0, 4)) {
                assertThat(bkt.exists(s + "/deletion-mark.json")).isTrue();
            }
            assertThat(bkt.exists(sources.get(4) + "/deletion-mark.json")).isFalse();
        }
    }

    @Test
    void relabelSelectorLimitsTheBlocksCompacted() throws Exception {
        Path dir = tmp.resolve("bucket");
        try (Bucket bkt = bucket(dir)) {
            for (long t = 0; t < 10 * HOUR; t += 2 * HOUR) {
                TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "a"));
                TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "b"));
            }
        }
        Result r = run("compact", "--objstore.config=" + yaml(dir), "--data-dir=" + tmp.resolve("data"),
                "--http-address=127.0.0.1:0", "--consistency-delay=0s", "--log.level=warn",
                "--selector.relabel-config=- action: keep\n  source_labels: [cluster]\n  regex: b\n");
        assertThat(r.code()).as(r.err()).isZero();
        try (Bucket bkt = bucket(dir)) {
            List<String> compactedClusters = new ArrayList<>();
            for (String name : TestBlocks.objects(bkt)) {
                if (name.endsWith("/meta.json")) {
                    try (var in = bkt.get(name)) {
                        BlockMeta m = BlockMetaJson.parse(in.readAllBytes(), name);
                        if (m.compaction().level() > 1) {
                            compactedClusters.add(m.thanos().labels().get("cluster"));
                        }
                    }
                }
            }
            assertThat(compactedClusters).containsExactly("b");
        }
    }

    @Test
    void waitModeReportsAStuckGroupOnReadyAndMetricsWhileOthersCompact() throws Exception {
        Path dir = tmp.resolve("bucket");
        String stray;
        try (Bucket bkt = bucket(dir)) {
            for (long t = 0; t < 10 * HOUR; t += 2 * HOUR) {
                TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "good"));
                TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "bad"));
            }
            stray = TestBlocks.upload(bkt, tmp.resolve("w"), HOUR, 3 * HOUR, Map.of("cluster", "bad")).ulid();
        }
        CompactorConfig cfg = CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO);
        CompactSettings settings = new CompactSettings(yaml(dir), "--objstore.config", true, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofSeconds(1), cfg);
        try (RunningCompactor running = new RunningCompactor(settings)) {
            String body = "";
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !body.contains(stray)) {
                HttpResponse<String> ready = running.get("/-/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                body = ready.body();
                Thread.sleep(100);
            }
            assertThat(body).contains("skipped", "cluster=\"bad\"", stray, "--compact.enable-vertical-compaction");
            String metrics = running.get("/metrics").body();
            assertThat(metrics).contains("jthanos_compact_group_stuck{group=\"0@{cluster=\\\"bad\\\"}\"} 1")
                    .containsPattern("thanos_compact_group_compactions_total\\{resolution=\"0\"\\} 1(\\.0)?")
                    .contains("thanos_compact_halted 0");
            assertThat(running.component.compactor().stuckGroups()).hasSize(1);
        }
    }

    /** Five 2h blocks of one group in a filesystem bucket, the second with a broken index; returns its ULID. */
    private String corruptBucket(Path dir) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Bucket bkt = bucket(dir)) {
            for (long t = 0; t < 10 * HOUR; t += 2 * HOUR) {
                ids.add(TestBlocks.upload(bkt, tmp.resolve("w"), t, t + 2 * HOUR, Map.of("cluster", "a")).ulid());
            }
        }
        Path index = dir.resolve(ids.get(1)).resolve("index");
        byte[] b = Files.readAllBytes(index);
        b[0] ^= 0x55;
        Files.write(index, b);
        return ids.get(1);
    }

    @Test
    void withoutHaltOnErrorACorruptBlockFailsTheProcess() throws Exception {
        Path dir = tmp.resolve("bucket");
        String corrupt = corruptBucket(dir);
        Result r = run("compact", "--objstore.config=" + yaml(dir), "--data-dir=" + tmp.resolve("data"),
                "--http-address=127.0.0.1:0", "--consistency-delay=0s", "--log.level=warn", "--wait",
                "--no-debug.halt-on-error");
        // the error is logged (naming the block); nothing was marked or compacted
        assertThat(r.code()).isEqualTo(1);
        try (Bucket bkt = bucket(dir)) {
            assertThat(TestBlocks.objects(bkt)).noneMatch(n -> n.endsWith("deletion-mark.json"));
            assertThat(TestBlocks.objects(bkt).stream().filter(n -> n.endsWith("/meta.json"))).hasSize(5);
            assertThat(bkt.exists(corrupt + "/meta.json")).isTrue();
        }
    }

    @Test
    void haltOnErrorKeepsTheProcessUpAndSaysWhy() throws Exception {
        Path dir = tmp.resolve("bucket");
        String corrupt = corruptBucket(dir);
        CompactorConfig cfg = CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO);
        CompactSettings settings = new CompactSettings(yaml(dir), "--objstore.config", false, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ZERO, cfg);
        try (RunningCompactor running = new RunningCompactor(settings)) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && running.component.compactor().halted().isEmpty()) {
                Thread.sleep(100);
            }
            // one-shot mode, yet the halted process stays up for its metrics, as Thanos's does
            assertThat(running.running()).isTrue();
            HttpResponse<String> ready = running.get("/-/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("compactor halted", "corrupt source block", corrupt);
            assertThat(running.get("/metrics").body()).contains("thanos_compact_halted 1");
        }
    }

    @Test
    void compactNeedsABucketAndValidFlags() {
        Result none = run("compact", "--http-address=127.0.0.1:0");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no bucket configured");
        Result func = run("compact", "--objstore.config=" + yaml(tmp), "--deduplication.func=chain");
        assertThat(func.code()).isEqualTo(1);
        assertThat(func.err()).contains("--deduplication.func");
        Result time = run("compact", "--objstore.config=" + yaml(tmp), "--min-time=yesterday");
        assertThat(time.code()).isEqualTo(1);
        assertThat(time.err()).contains("--min-time", "RFC 3339");
        Result relabel = run("compact", "--objstore.config=" + yaml(tmp), "--selector.relabel-config=- action: shard");
        assertThat(relabel.code()).isEqualTo(1);
        assertThat(relabel.err()).contains("unknown relabel action");
    }

    @Test
    void markAndCleanupTools() throws Exception {
        Path dir = tmp.resolve("bucket");
        String id;
        try (Bucket bkt = bucket(dir)) {
            id = TestBlocks.upload(bkt, tmp.resolve("w"), 0, 2 * HOUR, Map.of("cluster", "a")).ulid();
        }
        Result noDetails = run("tools", "bucket", "mark", "--objstore.config=" + yaml(dir), "--id=" + id,
                "--marker=deletion-mark.json");
        assertThat(noDetails.code()).isNotZero();
        assertThat(noDetails.err()).contains("--details");

        Result nc = run("tools", "bucket", "mark", "--objstore.config=" + yaml(dir), "--id=" + id,
                "--marker=no-compact-mark.json", "--details=too big");
        assertThat(nc.code()).as(nc.err()).isZero();
        try (Bucket bkt = bucket(dir); var in = bkt.get(id + "/no-compact-mark.json")) {
            String json = new String(in.readAllBytes());
            assertThat(json).contains("\"id\":\"" + id + "\"", "\"reason\":\"manual\"", "\"details\":\"too big\"", "\"version\":1");
        }
        Result rm = run("tools", "bucket", "mark", "--objstore.config=" + yaml(dir), "--id=" + id,
                "--marker=no-compact-mark.json", "--remove");
        assertThat(rm.code()).isZero();

        Result del = run("tools", "bucket", "mark", "--objstore.config=" + yaml(dir), "--id=" + id,
                "--marker=deletion-mark.json", "--details=manual");
        assertThat(del.code()).as(del.err()).isZero();
        Result keep = run("tools", "bucket", "cleanup", "--objstore.config=" + yaml(dir));
        assertThat(keep.code()).as(keep.err()).isZero();
        try (Bucket bkt = bucket(dir)) {
            assertThat(bkt.exists(id + "/meta.json")).as("within --delete-delay").isTrue();
            assertThat(bkt.exists(id + "/no-compact-mark.json")).isFalse();
        }
        Thread.sleep(1100);
        Result gone = run("tools", "bucket", "cleanup", "--objstore.config=" + yaml(dir), "--delete-delay=0s");
        assertThat(gone.code()).as(gone.err()).isZero();
        assertThat(gone.out()).contains("deleted 1 block(s)");
        try (Bucket bkt = bucket(dir)) {
            assertThat(TestBlocks.objects(bkt)).isEmpty();
        }
    }
}
