package io.jthanos.store.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockMetaFetcherTest {
    private static final long NOW = 1_800_000_000_000L;
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private final InMemoryBucket bucket = new InMemoryBucket();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    @TempDir Path tmp;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BlockMeta upload(long ulidTime, long minTime, long maxTime, Map<String, String> labels, String source,
            List<String> sources) throws Exception {
        String id = ulidAt(ulidTime);
        List<String> srcs = sources == null ? List.of(id) : sources;
        BlockMeta m = new BlockMeta(id, minTime, maxTime, null,
                new BlockMeta.Compaction(srcs.size() > 1 ? 2 : 1, srcs, false, List.of(), false, List.of(), null), 1,
                BlockMeta.Thanos.of(labels, source), null);
        bucket.upload(id + "/index", new byte[] {1});
        bucket.upload(id + "/meta.json", BlockMetaJson.toJson(m).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private static int seq;

    /** A ULID with exactly timestamp {@code ms} (Ulid.generate is monotonic within the process). */
    static String ulidAt(long ms) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        char[] c = new char[26];
        for (int i = 9; i >= 0; i--) {
            c[i] = alphabet.charAt((int) (ms & 31));
            ms >>>= 5;
        }
        long r = ++seq;
        for (int i = 25; i >= 10; i--) {
            c[i] = alphabet.charAt((int) (r & 31));
            r >>>= 5;
        }
        String id = new String(c);
        assertThat(Ulid.isValid(id)).isTrue();
        return id;
    }

    private BlockMetaFetcher fetcher(MetaFilter... filters) {
        return new BlockMetaFetcher(bucket, tmp.resolve("meta-syncer"), executor, List.of(filters));
    }

    @Test
    void listsBlocksReportsPartialUploadsAndCachesMetasOnDisk() throws Exception {
        BlockMeta a = upload(NOW - 10_000_000, 0, 7_200_000, Map.of("cluster", "eu"), "receive", null);
        BlockMeta b = upload(NOW - 9_000_000, 7_200_000, 14_400_000, Map.of("cluster", "eu"), "receive", null);
        String partial = ulidAt(NOW);
        bucket.upload(partial + "/chunks/000001", new byte[] {1});
        bucket.upload("debug/metas/x.json", new byte[] {1});

        FetchResult r = fetcher().fetch();
        assertThat(r.metas()).containsOnlyKeys(a.ulid(), b.ulid());
        assertThat(r.metas().get(a.ulid()).maxTime()).isEqualTo(7_200_000);
        assertThat(r.partial()).containsExactly(partial);
        assertThat(r.synced().get(SyncedCounts.NO_META)).isEqualTo(1);
        assertThat(r.synced().get(SyncedCounts.LOADED)).isEqualTo(2);
        assertThat(tmp.resolve("meta-syncer").resolve(a.ulid()).resolve("meta.json")).exists();

        // metas are immutable: a new fetcher over the same cache dir does not read them from the bucket again
        bucket.upload(a.ulid() + "/meta.json", "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(fetcher().fetch().metas()).containsKey(a.ulid());

        // a deleted block disappears, also from the disk cache
        bucket.delete(b.ulid() + "/meta.json");
        bucket.delete(b.ulid() + "/index");
        FetchResult after = fetcher().fetch();
        assertThat(after.metas()).containsOnlyKeys(a.ulid());
        assertThat(tmp.resolve("meta-syncer").resolve(b.ulid())).doesNotExist();
    }

    @Test
    void corruptMetaIsReportedNotFatal() throws Exception {
        BlockMeta a = upload(NOW - 10_000_000, 0, 7_200_000, Map.of("cluster", "eu"), "receive", null);
        String bad = ulidAt(NOW - 5_000);
        bucket.upload(bad + "/meta.json", "{not json".getBytes(StandardCharsets.UTF_8));
        FetchResult r = new BlockMetaFetcher(bucket, null, executor, List.of()).fetch();
        assertThat(r.metas()).containsOnlyKeys(a.ulid());
        assertThat(r.corrupted()).containsOnlyKeys(bad);
        assertThat(r.synced().get(SyncedCounts.CORRUPTED)).isEqualTo(1);
    }

    @Test
    void consistencyDelayHidesFreshBlocksExceptCompactorOutput() throws Exception {
        BlockMeta old = upload(NOW - 3_600_000, 0, 1, Map.of("a", "1"), "receive", null);
        BlockMeta fresh = upload(NOW - 60_000, 0, 1, Map.of("a", "1"), "receive", null);
        BlockMeta compacted = upload(NOW - 60_000, 0, 1, Map.of("a", "1"), "compactor", null);
        FetchResult r = fetcher(new ConsistencyDelayFilter(Duration.ofMinutes(30), clock)).fetch();
        assertThat(r.metas()).containsOnlyKeys(old.ulid(), compacted.ulid());
        assertThat(r.synced().get(SyncedCounts.TOO_FRESH)).isEqualTo(1);
        assertThat(fresh.ulid()).isNotIn(r.metas().keySet());
    }

    @Test
    void deletionMarksOlderThanTheDelayHideBlocks() throws Exception {
        BlockMeta longAgo = upload(NOW - 10_000_000, 0, 1, Map.of("a", "1"), "receive", null);
        BlockMeta recently = upload(NOW - 9_000_000, 0, 1, Map.of("a", "1"), "receive", null);
        BlockMeta unmarked = upload(NOW - 8_000_000, 0, 1, Map.of("a", "1"), "receive", null);
        bucket.upload(longAgo.ulid() + "/deletion-mark.json", ("{\"id\":\"" + longAgo.ulid()
                + "\",\"version\":1,\"deletion_time\":" + (NOW / 1000 - 25 * 3600) + "}").getBytes(StandardCharsets.UTF_8));
        bucket.upload(recently.ulid() + "/deletion-mark.json", ("{\"id\":\"" + recently.ulid()
                + "\",\"version\":1,\"deletion_time\":" + (NOW / 1000 - 3600) + "}").getBytes(StandardCharsets.UTF_8));
        DeletionMarkFilter f = new DeletionMarkFilter(bucket, Duration.ofHours(24), clock, executor);
        FetchResult r = fetcher(f).fetch();
        assertThat(r.metas()).containsOnlyKeys(recently.ulid(), unmarked.ulid());
        assertThat(f.deletionTimes()).containsOnlyKeys(longAgo.ulid(), recently.ulid());
        assertThat(r.synced().get(SyncedCounts.MARKED_FOR_DELETION)).isEqualTo(1);
    }

    @Test
    void timePartitionKeepsOverlappingBlocksWithAbsoluteAndRelativeBounds() throws Exception {
        BlockMeta early = upload(NOW - 10_000_000, 0, 7_200_000, Map.of("a", "1"), "receive", null);
        BlockMeta late = upload(NOW - 9_000_000, NOW - 3_600_000, NOW, Map.of("a", "1"), "receive", null);
        assertThat(fetcher(new TimePartitionFilter(TimeOrDuration.parse("1970-01-01T02:00:00Z"), TimeOrDuration.MAX))
                .fetch().metas()).containsOnlyKeys(early.ulid(), late.ulid());
        assertThat(fetcher(new TimePartitionFilter(TimeOrDuration.parse("1970-01-01T02:00:00.001Z"), TimeOrDuration.MAX))
                .fetch().metas()).containsOnlyKeys(late.ulid());
        assertThat(fetcher(new TimePartitionFilter(TimeOrDuration.MIN, TimeOrDuration.parse("-2w"))).fetch().metas())
                .containsOnlyKeys(early.ulid());
    }

    @Test
    void relabelSelectorShardsBlocksByHashmodOnBlockIdAndFiltersByExternalLabels() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(upload(NOW - 10_000_000 + i, 0, 1, Map.of("cluster", i % 2 == 0 ? "eu" : "us"), "receive", null).ulid());
        }
        int total = 0;
        for (int shard = 0; shard < 3; shard++) {
            List<RelabelConfig> rules = RelabelConfig.parseList("""
                    - action: hashmod
                      source_labels: ["__block_id"]
                      target_label: shard
                      modulus: 3
                    - action: keep
                      source_labels: ["shard"]
                      regex: "%d"
                    """.formatted(shard), "test");
            FetchResult r = fetcher(new LabelShardedFilter(rules)).fetch();
            total += r.metas().size();
            for (String id : r.metas().keySet()) {
                assertThat(Long.remainderUnsigned(Relabeler.sum64(id), 3)).isEqualTo(shard);
            }
        }
        assertThat(total).isEqualTo(20);
        List<RelabelConfig> eu = RelabelConfig.parseList("- action: keep\n  source_labels: [cluster]\n  regex: eu\n", "t");
        assertThat(fetcher(new LabelShardedFilter(eu)).fetch().metas()).hasSize(10);
        List<RelabelConfig> drop = RelabelConfig.parseList("- action: drop\n  source_labels: [cluster]\n  regex: e.\n", "t");
        assertThat(fetcher(new LabelShardedFilter(drop)).fetch().metas()).hasSize(10)
                .allSatisfy((id, m) -> assertThat(m.thanos().labels()).containsEntry("cluster", "us"));
    }

    @Test
    void deduplicateHidesBlocksWhoseSourcesAreCompactedIntoAnother() throws Exception {
        BlockMeta a = upload(NOW - 10_000_000, 0, 7_200_000, Map.of("a", "1"), "receive", null);
        BlockMeta b = upload(NOW - 9_000_000, 7_200_000, 14_400_000, Map.of("a", "1"), "receive", null);
        BlockMeta c = upload(NOW - 8_000_000, 14_400_000, 21_600_000, Map.of("a", "1"), "receive", null);
        BlockMeta ab = upload(NOW - 1_000_000, 0, 14_400_000, Map.of("a", "1"), "compactor", List.of(a.ulid(), b.ulid()));
        FetchResult r = fetcher(new DeduplicateFilter()).fetch();
        assertThat(r.metas()).containsOnlyKeys(c.ulid(), ab.ulid());
        assertThat(r.synced().get(SyncedCounts.DUPLICATE)).isEqualTo(2);
    }

    @Test
    void badRelabelConfigIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> RelabelConfig.parseList("- action: hashmod\n  source_labels: [x]\n  target_label: y\n", "sel.yml"))
                .hasMessageContaining("sel.yml rule 0").hasMessageContaining("modulus");
        assertThatThrownBy(() -> RelabelConfig.parseList("- action: explode\n", "sel.yml")).hasMessageContaining("explode");
    }

    @Test
    void timeOrDurationParsesRfc3339AndRelativeDurations() {
        assertThat(TimeOrDuration.parse("2026-01-01T00:00:00Z").resolve(0)).isEqualTo(1_767_225_600_000L);
        assertThat(TimeOrDuration.parse("-6h").resolve(NOW)).isEqualTo(NOW - 6 * 3_600_000);
        assertThat(TimeOrDuration.parse("-2w").resolve(NOW)).isEqualTo(NOW - 14 * 86_400_000L);
        assertThat(TimeOrDuration.parse("1h30m").resolve(0)).isEqualTo(5_400_000);
        assertThat(TimeOrDuration.MIN.resolve(NOW)).isLessThan(0);
        assertThatThrownBy(() -> TimeOrDuration.parse("yesterday")).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> TimeOrDuration.parse("-5m2h")).hasMessageContaining("-5m2h");
        assertThat(Files.exists(tmp)).isTrue();
    }
}
