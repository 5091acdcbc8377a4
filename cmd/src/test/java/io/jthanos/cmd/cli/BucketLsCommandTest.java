package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketLsCommandTest {
    private static final String BLOCK_A = "01JABCDEFGHJKMNPQRSTVWXYZ0";
    private static final String BLOCK_B = "01JABCDEFGHJKMNPQRSTVWXYZ1";
    private static final String PARTIAL = "01JABCDEFGHJKMNPQRSTVWXYZ2";

    @TempDir Path dir;

    @Test
    void listsBlocksOfAFilesystemBucketAndSkipsNonBlocks() throws Exception {
        String yaml = "type: FILESYSTEM\nconfig:\n  directory: " + dir + "\n";
        fill(yaml);

        Result r = run("tools", "bucket", "ls", "--objstore.config=" + yaml);

        assertThat(r.code).isZero();
        assertThat(r.out.lines()).containsExactly(
                BLOCK_A + " -- 2026-01-01T00:00:00Z - 2026-01-01T02:00:00Z Diff: 2h0m0s, Compaction: 1, Downsample: 0, Source: receive, Labels: {replica=\"a\", tenant=\"t1\"}",
                BLOCK_B + " -- 2026-01-01T02:00:00Z - 2026-01-01T10:00:00Z Diff: 8h0m0s, Compaction: 1, Downsample: 300000, Source: compactor, Labels: {replica=\"a\", tenant=\"t1\"}");

        Result ulids = run("tools", "bucket", "ls", "--objstore.config=" + yaml, "-o", "ulid", "--exclude-delete");
        assertThat(ulids.out.lines()).containsExactly(BLOCK_A);

        Result json = run("tools", "bucket", "ls", "--objstore.config=" + yaml, "-o", "json");
        assertThat(json.out).contains("\"ulid\"", "\"" + BLOCK_B + "\"", "\"resolution\"");
    }

    @Test
    void listsBlocksOfAnS3Bucket() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            fill(s3.objstoreYaml());
            Path config = dir.resolve("objstore.yml");
            Files.writeString(config, s3.objstoreYaml());

            Result r = run("tools", "bucket", "ls", "--objstore.config-file=" + config, "-o", "ulid");

            assertThat(r.code).isZero();
            assertThat(r.out.lines()).containsExactly(BLOCK_A, BLOCK_B);
        }
    }

    @Test
    void badConfigsAreOneClearLine() throws Exception {
        assertOneLineError(run("tools", "bucket", "ls", "--objstore.config=type: GCSX\nconfig: {}\n"), "GCSX");
        assertOneLineError(run("tools", "bucket", "ls", "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: /tmp\n  bogus: 1\n"), "bogus");
        assertOneLineError(run("tools", "bucket", "ls",
                "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: ${JTHANOS_SURELY_UNSET_VARIABLE}\n"), "JTHANOS_SURELY_UNSET_VARIABLE");
        assertOneLineError(run("tools", "bucket", "ls", "--objstore.config-file=" + dir.resolve("missing.yml")), "missing.yml");
        // a closed port on loopback: the listing fails after the retry budget with the bucket named
        assertOneLineError(run("tools", "bucket", "ls", "--objstore.config=type: S3\nconfig:\n  bucket: b\n  endpoint: 127.0.0.1:1\n"
                + "  insecure: true\n  access_key: a\n  secret_key: s\n  max_retries: 2\n"), "bucket=b");
    }

    private static void assertOneLineError(Result r, String mentions) {
        assertThat(r.code).as(r.err).isNotZero();
        assertThat(r.err.strip().lines()).as(r.err).hasSize(1);
        assertThat(r.err).contains(mentions).doesNotContain("\tat ");
    }

    private void fill(String yaml) throws Exception {
        try (Bucket b = BucketFactory.fromConfig(yaml, "test", new SimpleMeterRegistry())) {
            long t0 = 1767225600000L; // 2026-01-01T00:00:00Z
            Map<String, String> labels = Map.of("tenant", "t1", "replica", "a");
            upload(b, new BlockMeta(BLOCK_A, t0, t0 + 7_200_000, null, null, 1, null, null)
                    .withThanos(BlockMeta.Thanos.of(labels, "receive")));
            BlockMeta.Thanos downsampled = new BlockMeta.Thanos(1, labels, 300_000, "compactor", null, null, null, null, null, null, null);
            upload(b, new BlockMeta(BLOCK_B, t0 + 7_200_000, t0 + 36_000_000, null, null, 1, downsampled, null));
            b.upload(BLOCK_B + "/deletion-mark.json", "{\"id\":\"x\",\"version\":1,\"deletion_time\":1}".getBytes(StandardCharsets.UTF_8));
            b.upload(PARTIAL + "/index", new byte[] {1, 2, 3}); // partial upload: no meta.json
            b.upload("debug/metas/" + BLOCK_A + ".json", new byte[] {'{', '}'});
            b.upload("not-a-block/meta.json", new byte[] {'{', '}'});
        }
    }

    private static void upload(Bucket b, BlockMeta m) throws Exception {
        b.upload(m.ulid() + "/chunks/000001", new byte[] {0});
        b.upload(m.ulid() + "/meta.json", BlockMetaJson.toJson(m).getBytes(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
