package io.jthanos.receive.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.storage.Appender;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {
    @TempDir
    Path dir;

    @Test
    void uploadsEachCutBlockOnceWithThanosMetaLast() throws Exception {
        InMemoryBucket bucket = new InMemoryBucket();
        Map<String, String> labels = Map.of("replica", "a", "tenant_id", "t");
        Shipper shipper = new Shipper(dir, bucket, labels, "receive");
        assertThat(shipper.sync()).as("nothing to ship yet").isZero();

        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withBlockDuration(Duration.ofSeconds(10))
                .withCompactionInterval(Duration.ZERO), new SimpleMeterRegistry())) {
            Appender app = db.appender();
            for (long t = 0; t <= 40_000; t += 1000) {
                app.append(0, Labels.of("__name__", "m", "i", "1"), t, t);
            }
            app.commit();
            assertThat(db.compact()).isGreaterThanOrEqualTo(2);
            List<String> local = db.blocks().stream().map(b -> b.meta().ulid()).sorted().toList();

            assertThat(shipper.sync()).isEqualTo(local.size());
            for (String id : local) {
                BlockMeta meta = BlockMetaJson.parse(bucket.get(id + "/meta.json").readAllBytes(), id);
                assertThat(meta.thanos().labels()).isEqualTo(labels);
                assertThat(meta.thanos().source()).isEqualTo("receive");
                assertThat(meta.thanos().files()).extracting(BlockMeta.File::relPath).contains("index", "meta.json");
                for (BlockMeta.File f : meta.thanos().files()) {
                    if (!f.relPath().equals("meta.json")) {
                        assertThat(bucket.attributes(id + "/" + f.relPath()).size()).as(f.relPath()).isEqualTo(f.sizeBytes());
                    }
                }
                assertThat(Files.readAllBytes(dir.resolve(id).resolve("index")))
                        .isEqualTo(bucket.get(id + "/index").readAllBytes());
            }
            assertThat(Files.readString(dir.resolve(Shipper.META_FILE))).contains(local.toArray(String[]::new));
        }
        assertThat(shipper.sync()).as("already shipped").isZero();
        // A new shipper over the same directory remembers through thanos.shipper.json.
        assertThat(new Shipper(dir, bucket, labels, "receive").sync()).isZero();
    }
}
