package io.jthanos.store.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.storage.Appender;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SeriesSet;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper with Thanos's defaults (the ruler's configuration) against S3 (s3proxy): what lands in the bucket,
 * in which order, and how restarts and failures behave. Receive's configuration is tested in receive.
 */
class ShipperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    private static final Labels EXTERNAL = Labels.of("rule_replica", "r1", "cluster", "eu");
    private static S3ProxyServer s3;

    @TempDir
    Path tmp;

    private FaultyBucket bucket;
    private SimpleMeterRegistry registry;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void freshBucket() throws Exception {
        String name = "b" + System.nanoTime();
        s3.createBucket(name);
        bucket = new FaultyBucket(BucketFactory.fromConfig(s3.objstoreYaml(name, ""), "test", new SimpleMeterRegistry()));
        registry = new SimpleMeterRegistry();
    }

    /** A TSDB with 1h blocks holding {@code hours} hours of two series, cut into blocks. */
    private Tsdb tsdbWithBlocks(Path dir, int hours) throws Exception {
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withBlockDuration(Duration.ofHours(1)).withCompactionInterval(Duration.ZERO),
                new SimpleMeterRegistry());
        Appender app = db.appender();
        for (long t = 0; t <= hours * HOUR; t += 60_000) {
            app.append(0, Labels.of("__name__", "job:up:sum", "job", "a"), t, t / 60_000.0);
            app.append(0, Labels.of("__name__", "job:up:sum", "job", "b"), t, -t / 30_000.0);
        }
        app.commit();
        db.compact();
        return db;
    }

    private Shipper shipper(Path dir) {
        return new Shipper(dir, bucket, EXTERNAL, Shipper.RULER_SOURCE, Shipper.Options.DEFAULTS, new ShipperMetrics(registry));
    }

    @Test
    void uploadsBlocksChunksThenIndexThenMetaWithTheThanosSection() throws Exception {
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            List<Block> blocks = db.blocks();
            assertThat(blocks).hasSize(2);

            Shipper.SyncResult r = shipper(dir).sync();

            assertThat(r).isEqualTo(new Shipper.SyncResult(2, List.of()));
            List<String> expectedOrder = new ArrayList<>();
            for (Block b : blocks) {
                String id = b.meta().ulid();
                expectedOrder.addAll(List.of(id + "/chunks/000001", id + "/index", id + "/meta.json"));
            }
            assertThat(bucket.uploads()).containsExactlyElementsOf(expectedOrder);
            for (Block b : blocks) {
                String id = b.meta().ulid();
                assertThat(bucket.list(id, IterOption.RECURSIVE))
                        .containsExactly(id + "/chunks/000001", id + "/index", id + "/meta.json");
                JsonNode meta = JSON.readTree(read(id + "/meta.json"));
                JsonNode thanos = meta.path("thanos");
                assertThat(thanos.path("version").asInt()).isEqualTo(1);
                assertThat(thanos.path("source").asText()).isEqualTo("ruler");
                assertThat(thanos.path("labels").toString()).isEqualTo("{\"cluster\":\"eu\",\"rule_replica\":\"r1\"}");
                assertThat(thanos.path("downsample").path("resolution").asLong()).isZero();
                assertThat(thanos.path("segment_files").toString()).isEqualTo("[\"000001\"]");
                assertThat(thanos.path("files").toString()).isEqualTo("[{\"rel_path\":\"chunks/000001\",\"size_bytes\":"
                        + Files.size(b.dir().resolve("chunks/000001")) + "},{\"rel_path\":\"index\",\"size_bytes\":"
                        + Files.size(b.dir().resolve("index")) + "},{\"rel_path\":\"meta.json\"}]");
                assertThat(thanos.path("upload_time").asText()).isNotEmpty();
                assertThat(meta.path("ulid").asText()).isEqualTo(id);
                assertThat(meta.path("minTime").asLong()).isEqualTo(b.meta().minTime());
                assertThat(meta.path("maxTime").asLong()).isEqualTo(b.meta().maxTime());
                assertThat(meta.path("stats").path("numSamples").asLong()).isEqualTo(b.meta().stats().numSamples());
                // the local block stays as it was; the staging directory is gone
                assertThat(BlockMetaJson.read(b.dir()).thanos()).isNull();
            }
            assertThat(dir.resolve("thanos/upload")).isEmptyDirectory();
            assertThat(Files.readString(dir.resolve(ShipperState.FILE_NAME))).isEqualTo("{\n\t\"version\": 1,\n\t\"uploaded\": [\n\t\t\""
                    + blocks.get(0).meta().ulid() + "\",\n\t\t\"" + blocks.get(1).meta().ulid() + "\"\n\t]\n}\n");
            assertThat(registry.get("thanos_shipper_uploads_total").counter().count()).isEqualTo(2);
        }
    }

    @Test
    void uploadedBlocksReadBackWithTheSameSamples() throws Exception {
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            shipper(dir).sync();
            for (Block local : db.blocks()) {
                Path copy = download(local.meta().ulid(), tmp.resolve("download"));
                try (Block remote = Block.open(copy)) {
                    assertThat(remote.meta().thanos().source()).isEqualTo("ruler");
                    assertThat(dump(remote, local.meta())).isNotEmpty().isEqualTo(dump(local, local.meta()));
                }
            }
        }
    }

    @Test
    void promtoolDumpsTheDownloadedBlocks() throws Exception {
        Path promtool = Oracles.promtool();
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            shipper(dir).sync();
            Path copyDir = tmp.resolve("download");
            long samples = 0;
            for (Block local : db.blocks()) {
                download(local.meta().ulid(), copyDir);
                samples += local.meta().stats().numSamples();
            }
            Files.createDirectories(copyDir.resolve("wal"));
            Process p = new ProcessBuilder(promtool.toString(), "tsdb", "dump", copyDir.toString())
                    .redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(out).isZero();
                List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
                assertThat(lines).hasSize((int) samples)
                        .contains("{__name__=\"job:up:sum\", job=\"a\"} 90 5400000", "{__name__=\"job:up:sum\", job=\"b\"} -180 5400000");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void restartsNeitherReuploadNorForget() throws Exception {
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            assertThat(shipper(dir).sync().uploaded()).isEqualTo(2);
            int uploads = bucket.uploads().size();
            assertThat(shipper(dir).sync()).as("a new shipper reads the state file").isEqualTo(new Shipper.SyncResult(0, List.of()));

            // without the state file, the bucket tells what was uploaded; the file is rebuilt
            String state = Files.readString(dir.resolve(ShipperState.FILE_NAME));
            Files.delete(dir.resolve(ShipperState.FILE_NAME));
            assertThat(shipper(dir).sync()).isEqualTo(new Shipper.SyncResult(0, List.of()));
            assertThat(Files.readString(dir.resolve(ShipperState.FILE_NAME))).isEqualTo(state);
            assertThat(bucket.uploads()).hasSize(uploads);

            // a block cut after the restart is shipped, the earlier ones are not shipped again
            Appender app = db.appender();
            for (long t = 3 * HOUR + 60_000; t <= 5 * HOUR; t += 60_000) {
                app.append(0, Labels.of("__name__", "job:up:sum", "job", "a"), t, 1);
            }
            app.commit();
            db.compact();
            assertThat(db.blocks()).hasSize(4);
            assertThat(shipper(dir).sync()).isEqualTo(new Shipper.SyncResult(2, List.of()));
            assertThat(bucket.uploads()).hasSize(uploads + 6);
            assertThat(ShipperState.read(dir).uploaded()).containsExactlyElementsOf(db.blocks().stream().map(b -> b.meta().ulid()).toList());
        }
    }

    @Test
    void aFailedUploadLeavesNoPartialBlockAndIsRetriedAtTheNextSync() throws Exception {
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            String first = db.blocks().get(0).meta().ulid();
            String second = db.blocks().get(1).meta().ulid();
            bucket.failUploads(name -> name.equals(first + "/index"));
            Shipper shipper = shipper(dir);

            assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(0, List.of(first)));
            assertThat(bucket.list("", IterOption.RECURSIVE)).as("chunks removed again, later blocks wait").isEmpty();
            assertThat(bucket.deletes()).containsExactly(first + "/chunks/000001");
            assertThat(ShipperState.read(dir).uploaded()).isEmpty();
            assertThat(registry.get("thanos_shipper_upload_failures_total").counter().count()).isEqualTo(1);
            assertThat(registry.get("thanos_shipper_dir_sync_failures_total").counter().count()).isEqualTo(1);

            bucket.heal();
            assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(2, List.of()));
            assertThat(bucket.exists(first + "/meta.json")).isTrue();
            assertThat(bucket.exists(second + "/meta.json")).isTrue();
            assertThat(ShipperState.read(dir).uploaded()).containsExactly(first, second);
        }
    }

    @Test
    void blocksWithoutExternalLabelsAreNotUploaded() throws Exception {
        Path dir = tmp.resolve("db");
        try (Tsdb db = tsdbWithBlocks(dir, 3)) {
            Shipper shipper = new Shipper(dir, bucket, Labels.empty(), Shipper.RULER_SOURCE, Shipper.Options.DEFAULTS,
                    new ShipperMetrics(registry));
            assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(0, List.of(db.blocks().get(0).meta().ulid())));
            assertThat(bucket.list("", IterOption.RECURSIVE)).isEmpty();
        }
    }

    private byte[] read(String name) throws Exception {
        try (InputStream in = bucket.get(name)) {
            return in.readAllBytes();
        }
    }

    private Path download(String id, Path into) throws Exception {
        for (String name : bucket.list(id, IterOption.RECURSIVE)) {
            Path target = into.resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, read(name));
        }
        return into.resolve(id);
    }

    /** Every sample of every series as {@code labels t v} lines. */
    static List<String> dump(Queryable q, BlockMeta range) {
        List<String> out = new ArrayList<>();
        try (Querier querier = q.querier(range.minTime(), range.maxTime() - 1)) {
            SeriesSet set = querier.select(true, null, Matcher.regex("__name__", ".+"));
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    out.add(set.at().labels() + " " + it.atT() + " " + it.atF());
                }
            }
        }
        return out;
    }
}
