package io.jthanos.receive.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.storage.Appender;
import io.jthanos.store.shipper.Shipper;
import io.jthanos.store.shipper.ShipperMetrics;
import io.jthanos.store.shipper.ShipperState;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks shipped to S3 (s3proxy) by a shipper as receive configures it (per-tenant metrics, compacted blocks on
 * request, failed uploads not holding back later blocks): content, meta.json, upload order, state file, restarts,
 * retries.
 */
class ShipperTest {
    static final long HOUR = 3_600_000L;
    static final TsdbOptions OPTIONS = TsdbOptions.defaults().withDurability(DurabilityMode.NONE)
            .withRetention(Duration.ZERO).withCompactionInterval(Duration.ZERO);
    static final Map<String, String> LABELS = Map.of("receive_replica", "0", "tenant_id", "default-tenant");

    static S3ProxyServer s3;
    static int bucketSeq;

    @TempDir
    Path dir;
    FaultyBucket bucket;
    SimpleMeterRegistry registry;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void newBucket() throws Exception {
        String name = "shipper" + (++bucketSeq);
        s3.createBucket(name);
        bucket = new FaultyBucket(BucketFactory.fromConfig(s3.objstoreYaml(name, ""), "test", new SimpleMeterRegistry()));
        registry = new SimpleMeterRegistry();
    }

    @Test
    void shippedBlocksAreReadByPromtoolAndCarryTheThanosMeta() throws Exception {
        Path db = dir.resolve("tenant");
        TreeSet<String> expected = new TreeSet<>();
        List<BlockMeta> local = new ArrayList<>();
        try (Tsdb tsdb = Tsdb.open(db, OPTIONS, new SimpleMeterRegistry())) {
            fill(tsdb, 0, 7 * HOUR, expected);
            assertThat(tsdb.compact()).isEqualTo(2);
            tsdb.blocks().forEach(b -> local.add(b.meta()));
            long end = tsdb.blocks().getLast().meta().maxTime();
            expected.removeIf(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)) >= end);
            // a tombstones file is local only
            Files.writeString(tsdb.blocks().getFirst().dir().resolve("tombstones"), "");
        }
        Shipper shipper = shipper(db, false, new ShipperMetrics(registry, "default-tenant"));
        Shipper.SyncResult r = shipper.sync();
        assertThat(r).isEqualTo(new Shipper.SyncResult(2, List.of()));
        assertThat(registry.get("thanos_shipper_uploads_total").counter().count()).isEqualTo(2);
        assertThat(registry.get("thanos_shipper_last_successful_upload_time").gauge().value())
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));

        for (BlockMeta m : local) {
            String id = m.ulid();
            List<String> order = bucket.uploads().stream().filter(n -> n.startsWith(id + "/")).toList();
            assertThat(order.getLast()).isEqualTo(id + "/meta.json");
            assertThat(order.get(order.size() - 2)).isEqualTo(id + "/index");
            assertThat(order.subList(0, order.size() - 2)).isNotEmpty().allMatch(n -> n.startsWith(id + "/chunks/"));
            assertThat(bucket.list(id, IterOption.RECURSIVE)).doesNotContain(id + "/tombstones");

            BlockMeta up;
            try (InputStream in = bucket.get(id + "/meta.json")) {
                up = BlockMetaJson.parse(in.readAllBytes(), id + "/meta.json");
            }
            assertThat(up.minTime()).isEqualTo(m.minTime());
            assertThat(up.maxTime()).isEqualTo(m.maxTime());
            assertThat(up.stats().numSamples()).isEqualTo(m.stats().numSamples());
            assertThat(up.compaction().level()).isEqualTo(1);
            assertThat(up.thanos().labels()).isEqualTo(LABELS);
            assertThat(up.thanos().source()).isEqualTo("receive");
            assertThat(up.thanos().downsampleResolution()).isZero();
            assertThat(up.thanos().uploadTime()).isNotNull();
            List<String> paths = up.thanos().files().stream().map(BlockMeta.File::relPath).toList();
            assertThat(paths).isSorted().contains("index", "meta.json", "chunks/000001").doesNotContain("tombstones");
            for (BlockMeta.File f : up.thanos().files()) {
                if (!f.relPath().equals("meta.json")) {
                    assertThat(f.sizeBytes()).as(f.relPath()).isEqualTo(Files.size(db.resolve(id).resolve(f.relPath())))
                            .isEqualTo(bucket.attributes(id + "/" + f.relPath()).size());
                } else {
                    assertThat(f.sizeBytes()).isZero();
                }
            }
        }
        // the local meta.json stays as the TSDB wrote it
        assertThat(BlockMetaJson.read(db.resolve(local.getFirst().ulid())).thanos()).isNull();

        // download into a directory of its own with the empty wal/ promtool wants
        Path copy = dir.resolve("download");
        Files.createDirectories(copy.resolve("wal"));
        for (String name : bucket.list("", IterOption.RECURSIVE)) {
            Path target = copy.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = bucket.get(name)) {
                Files.write(target, in.readAllBytes());
            }
        }
        List<String> dumped = promtoolDump(copy);
        assertThat(dumped).hasSize(expected.size());
        assertThat(dumped).containsExactlyElementsOf(new ArrayList<>(expected));
    }

    @Test
    void aRestartNeitherReuploadsNorForgets() throws Exception {
        Path db = dir.resolve("tenant");
        List<String> ids;
        try (Tsdb tsdb = Tsdb.open(db, OPTIONS, new SimpleMeterRegistry())) {
            fill(tsdb, 0, 7 * HOUR, new TreeSet<>());
            tsdb.compact();
            ids = tsdb.blocks().stream().map(b -> b.meta().ulid()).toList();
        }
        assertThat(shipper(db, false, new ShipperMetrics(registry, "t")).sync().uploaded()).isEqualTo(2);
        String state = Files.readString(db.resolve(ShipperState.FILE_NAME));
        assertThat(state).isEqualTo("{\n\t\"version\": 1,\n\t\"uploaded\": [\n\t\t\"" + ids.get(0) + "\",\n\t\t\"" + ids.get(1)
                + "\"\n\t]\n}\n");
        int uploadsBefore = bucket.uploads().size();

        // a new shipper over the same directory (a restart) finds both recorded
        Shipper restarted = shipper(db, false, new ShipperMetrics(new SimpleMeterRegistry(), "t"));
        assertThat(restarted.isUploaded(ids.get(0))).isTrue();
        assertThat(restarted.sync()).isEqualTo(new Shipper.SyncResult(0, List.of()));
        assertThat(bucket.uploads()).hasSize(uploadsBefore);

        // a lost state file: blocks whose meta.json is in the bucket are recorded again, not uploaded
        Files.delete(db.resolve(ShipperState.FILE_NAME));
        Shipper lost = shipper(db, false, new ShipperMetrics(new SimpleMeterRegistry(), "t"));
        assertThat(lost.isUploaded(ids.get(0))).isFalse();
        assertThat(lost.sync()).isEqualTo(new Shipper.SyncResult(0, List.of()));
        assertThat(bucket.uploads()).hasSize(uploadsBefore);
        assertThat(ShipperState.read(db).uploaded()).containsExactlyElementsOf(ids);

        // a block deleted locally leaves the state (as Thanos), a new block is added
        try (Tsdb tsdb = Tsdb.open(db, OPTIONS, new SimpleMeterRegistry())) {
            fill(tsdb, 7 * HOUR, 9 * HOUR, new TreeSet<>());
            tsdb.compact();
        }
        deleteTree(db.resolve(ids.get(0)));
        assertThat(lost.sync().uploaded()).isEqualTo(1);
        List<String> now = ShipperState.read(db).uploaded();
        assertThat(now).hasSize(2).startsWith(ids.get(1)).doesNotContain(ids.get(0));
    }

    @Test
    void aFailedUploadIsCleanedUpAndRetriedAtTheNextSync() throws Exception {
        Path db = dir.resolve("tenant");
        try (Tsdb tsdb = Tsdb.open(db, OPTIONS, new SimpleMeterRegistry())) {
            fill(tsdb, 0, 5 * HOUR, new TreeSet<>());
            assertThat(tsdb.compact()).isEqualTo(1);
        }
        String id = onlyBlock(db);
        bucket.failUploads(name -> name.endsWith("/index"));
        Shipper shipper = shipper(db, false, new ShipperMetrics(registry, "t"));
        assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(0, List.of(id)));
        assertThat(registry.get("thanos_shipper_upload_failures_total").counter().count()).isEqualTo(1);
        assertThat(registry.get("thanos_shipper_uploads_total").counter().count()).isZero();
        assertThat(shipper.isUploaded(id)).isFalse();
        assertThat(bucket.list("", IterOption.RECURSIVE)).as("the uploaded chunks are removed").isEmpty();
        assertThat(ShipperState.read(db).uploaded()).isEmpty();

        // meta.json failing: no clean-up (it might still appear), not recorded, retried
        bucket.failUploads(name -> name.endsWith("/meta.json"));
        assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(0, List.of(id)));
        assertThat(bucket.exists(id + "/meta.json")).isFalse();
        assertThat(shipper.isUploaded(id)).isFalse();

        bucket.heal();
        assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(1, List.of()));
        assertThat(bucket.exists(id + "/meta.json")).isTrue();
        assertThat(shipper.isUploaded(id)).isTrue();
        assertThat(ShipperState.read(db).uploaded()).containsExactly(id);
        assertThat(registry.get("thanos_shipper_upload_failures_total").counter().count()).isEqualTo(2);
        assertThat(registry.get("thanos_shipper_uploads_total").counter().count()).isEqualTo(1);
    }

    @Test
    void emptyAndCompactedBlocksAreNotShipped() throws Exception {
        Path db = dir.resolve("tenant");
        try (Tsdb tsdb = Tsdb.open(db, OPTIONS, new SimpleMeterRegistry())) {
            fill(tsdb, 0, 5 * HOUR, new TreeSet<>());
            tsdb.compact();
        }
        String id = onlyBlock(db);
        BlockMeta m = BlockMetaJson.read(db.resolve(id));
        BlockMetaJson.write(db.resolve(id), new BlockMeta(m.ulid(), m.minTime(), m.maxTime(), m.stats(),
                new BlockMeta.Compaction(2, m.compaction().sources(), false, List.of(), false, List.of(), null), 1, null, null));
        Shipper shipper = shipper(db, false, new ShipperMetrics(registry, "t"));
        assertThat(shipper.sync()).isEqualTo(new Shipper.SyncResult(0, List.of()));
        assertThat(bucket.uploads()).isEmpty();
        Shipper compacted = shipper(db, true, new ShipperMetrics(new SimpleMeterRegistry(), "u"));
        assertThat(compacted.sync()).isEqualTo(new Shipper.SyncResult(1, List.of()));
    }

    /** A shipper as receive configures it: failed uploads do not hold back later blocks. */
    private Shipper shipper(Path db, boolean uploadCompacted, ShipperMetrics metrics) {
        return new Shipper(db, bucket, Labels.fromMap(LABELS), Shipper.RECEIVE_SOURCE, new Shipper.Options(uploadCompacted, true),
                metrics);
    }

    static String onlyBlock(Path db) throws IOException {
        try (Stream<Path> s = Files.list(db)) {
            List<String> ids = s.map(p -> p.getFileName().toString()).filter(Ulid::isValid).toList();
            assertThat(ids).hasSize(1);
            return ids.getFirst();
        }
    }

    static void fill(Tsdb db, long from, long to, TreeSet<String> expected) throws Exception {
        Labels[] series = new Labels[12];
        for (int s = 0; s < series.length; s++) {
            series[s] = Labels.of("__name__", "m" + (s % 3), "instance", "i" + s);
        }
        Appender app = db.appender();
        for (long t = from; t < to; t += 60_000) {
            for (int s = 0; s < series.length; s++) {
                double v = (t / 60_000) * 10 + s;
                app.append(0, series[s], t, v);
                expected.add(series[s] + " " + Double.doubleToRawLongBits(v) + " " + t);
            }
            app.commit();
        }
    }

    static List<String> promtoolDump(Path dbDir) throws Exception {
        Path out = dbDir.resolveSibling("dump.out");
        Process p = new ProcessBuilder(Oracles.promtool().toString(), "tsdb", "dump", dbDir.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isZero();
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            int last = l.lastIndexOf(' ');
            int valueStart = l.lastIndexOf(' ', last - 1);
            double v = Double.parseDouble(l.substring(valueStart + 1, last));
            lines.add(l.substring(0, valueStart) + " " + Double.doubleToRawLongBits(v) + " " + l.substring(last + 1));
        }
        lines.sort(null);
        return lines;
    }

    static void deleteTree(Path p) throws Exception {
        FileTrees.delete(p);
    }

}
