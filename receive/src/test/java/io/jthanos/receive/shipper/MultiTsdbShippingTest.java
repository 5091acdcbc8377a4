package io.jthanos.receive.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TsdbTenantDbFactory;
import io.jthanos.storage.Appender;
import io.jthanos.store.shipper.ShipperState;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultiTsdb with shipping: tenant labels in the shipped meta, retention waits for the upload. */
class MultiTsdbShippingTest {
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void retentionDeletesOnlyShippedBlocksAndTheMetaCarriesTheTenant() throws Exception {
        FaultyBucket bucket = new FaultyBucket(new InMemoryBucket());
        bucket.failUploads(name -> true); // the bucket is down at first
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // 1h blocks, 1h retention, a background cut check every 50 ms
        var options = ShipperTest.OPTIONS.withBlockDuration(Duration.ofHours(1)).withRetention(Duration.ofHours(1))
                .withCompactionInterval(Duration.ofMillis(50));
        try (MultiTsdb storage = new MultiTsdb(dir, new TsdbTenantDbFactory(options), Labels.of("receive_replica", "0"),
                "tenant_id", new MultiTsdb.Shipping(bucket, registry, false))) {
            MultiTsdb.Tenant t = storage.tenant("team-a");
            Appender app = t.db().appendable().appender();
            for (long ts = 0; ts < 6 * HOUR; ts += 60_000) {
                app.append(0, Labels.of("__name__", "up", "job", "x"), ts, ts);
                app.commit();
            }
            // [0,1) … [4,5) are cut; [0,1) [1,2) [2,3) are beyond the retention but not shipped, so they stay
            await(() -> blocks(dir.resolve("team-a")).size() == 5);
            Thread.sleep(300); // several more retention passes
            assertThat(blocks(dir.resolve("team-a"))).hasSize(5);
            assertThat(storage.ship()).isZero();
            assertThat(registry.get("thanos_shipper_upload_failures_total").tag("tenant", "team-a").counter().count()).isEqualTo(5);

            bucket.heal();
            assertThat(storage.ship()).isEqualTo(5);
            await(() -> blocks(dir.resolve("team-a")).size() == 2);
            List<String> metas = bucket.list("", IterOption.RECURSIVE).stream().filter(n -> n.endsWith("/meta.json")).toList();
            assertThat(metas).hasSize(5);
            try (InputStream in = bucket.get(metas.getFirst())) {
                BlockMeta m = BlockMetaJson.parse(in.readAllBytes(), metas.getFirst());
                assertThat(m.thanos().labels()).containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of("receive_replica", "0", "tenant_id", "team-a"));
                assertThat(m.thanos().source()).isEqualTo("receive");
            }
            // the next sync forgets blocks deleted locally, as Thanos's shipper does
            assertThat(storage.ship()).isZero();
            assertThat(ShipperState.read(dir.resolve("team-a")).uploaded()).hasSize(2)
                    .containsExactlyInAnyOrderElementsOf(blocks(dir.resolve("team-a")));
        }
    }

    static List<String> blocks(Path db) throws Exception {
        try (Stream<Path> s = Files.list(db)) {
            return s.map(p -> p.getFileName().toString()).filter(Ulid::isValid).toList();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.ok()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
