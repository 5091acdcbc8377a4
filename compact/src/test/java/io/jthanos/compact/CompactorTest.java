package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
    @TempDir Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
    private final InMemoryBucket bkt = new InMemoryBucket();

    private CompactorConfig config() {
        return CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO)
                .withDeleteDelay(Duration.ofHours(1));
    }

    private static List<String> ranges(Map<String, BlockMeta> blocks, long resolution) {
        List<String> out = new ArrayList<>();
        blocks.values().stream().filter(m -> m.thanos().downsampleResolution() == resolution)
                .sorted(CompactionGroup.BY_MIN_TIME)
                .forEach(m -> out.add(m.minTime() / HOUR + "-" + m.maxTime() / HOUR));
        return out;
    }

    @Test
    void threeDaysOfTwoHourBlocksAreCompactedAsPlannedAndKeepEverySample() throws Exception {
        Fixtures.Data data = Fixtures.generate(3, 0, 72 * HOUR, 60_000, 1);
        Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 72 * HOUR, 2 * HOUR, Map.of("replica", "a"), clock);

        CompactMetrics metrics = CompactMetrics.noop();
        Compactor c = new Compactor(bkt, config().withBlockFilesConcurrency(3), metrics, clock);
        IterationResult r = c.runIteration();

        assertThat(r.ok()).as("failures %s", r.failures()).isTrue();
        assertThat(r.stuckGroups()).isEmpty();
        Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
        // 2h → 8h → 2d; the head stays as in Thanos: the newest block and an incomplete range are left.
        assertThat(ranges(live, 0)).containsExactly("0-48", "48-56", "56-64", "64-66", "66-68", "68-70", "70-72");
        BlockMeta twoDays = live.values().stream().filter(m -> m.maxTime() - m.minTime() == 48 * HOUR
                && m.thanos().downsampleResolution() == 0).findFirst().orElseThrow();
        assertThat(twoDays.compaction().level()).isEqualTo(3);
        assertThat(twoDays.compaction().sources()).hasSize(24);
        assertThat(twoDays.compaction().parents()).hasSize(6);
        assertThat(twoDays.thanos().source()).isEqualTo("compactor");
        assertThat(twoDays.thanos().labels()).isEqualTo(Map.of("replica", "a"));
        // The 2d block is ≥ 40h, so it got a 5m block.
        assertThat(ranges(live, 300_000)).containsExactly("0-48");
        assertThat(Fixtures.readBucket(bkt, tmp.resolve("read"), 0, clock)).isEqualTo(data);
        assertThat(r.compactions()).isEqualTo(9);
        assertThat(r.downsamples()).isEqualTo(1);
        assertThat(metrics.registry().get("thanos_compact_group_compactions").tag("resolution", "0").counter().count())
                .isEqualTo(9);
        assertThat(metrics.registry().get("thanos_compact_iterations").counter().count()).isEqualTo(1);

        // Sources are only marked; after the delete delay they are gone from the bucket.
        int before = Fixtures.liveBlocks(bkt, clock).size();
        clock.advance(Duration.ofHours(2));
        IterationResult again = c.runIteration();
        assertThat(again.compactions()).isZero();
        assertThat(again.cleaned()).isEqualTo(36 - 4 + 6);
        assertThat(Fixtures.liveBlocks(bkt, clock)).hasSize(before);
        assertThat(bkt.objects().keySet()).noneMatch(k -> k.endsWith(DeletionMark.FILE_NAME));
    }

    @Test
    void replicasAreDeduplicatedByVerticalCompaction() throws Exception {
        Fixtures.Data data = Fixtures.generate(2, 0, 16 * HOUR, 30_000, 2);
        Fixtures.uploadBlocks(bkt, tmp.resolve("a"), data, 0, 16 * HOUR, 2 * HOUR, Map.of("cluster", "eu", "replica", "a"), clock);
        Fixtures.uploadBlocks(bkt, tmp.resolve("b"), data, 0, 16 * HOUR, 2 * HOUR, Map.of("cluster", "eu", "replica", "b"), clock);
        CompactorConfig cfg = config().withVerticalCompaction(true, List.of("replica"), DedupFunc.EXACT)
                .withDownsamplingDisabled(true);
        IterationResult r = new Compactor(bkt, cfg, CompactMetrics.noop(), clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
        assertThat(live.values()).allMatch(m -> m.thanos().labels().equals(Map.of("cluster", "eu")));
        // The newest block is left out, so [8h, 16h) cannot be compacted yet; replicas are merged pairwise.
        assertThat(ranges(live, 0)).containsExactly("0-8", "8-10", "10-12", "12-14", "14-16");
        Fixtures.Data back = Fixtures.readBucket(bkt, tmp.resolve("read"), 0, clock);
        assertThat(back).isEqualTo(data);
        assertThat(back.numSamples()).isEqualTo(data.numSamples());
    }

    @Test
    void penaltyDedupOfOffsetReplicasKeepsOneCopy() throws Exception {
        Fixtures.Data a = Fixtures.generate(2, 0, 8 * HOUR, 30_000, 3);
        Fixtures.Data b = new Fixtures.Data();
        a.forEach((l, s) -> s.forEach((t, v) -> b.add(l, t + 7_000, v)));
        Fixtures.uploadBlocks(bkt, tmp.resolve("a"), a, 0, 8 * HOUR, 2 * HOUR, Map.of("c", "x", "replica", "a"), clock);
        Fixtures.uploadBlocks(bkt, tmp.resolve("b"), b, 0, 8 * HOUR, 2 * HOUR, Map.of("c", "x", "replica", "b"), clock);
        CompactorConfig cfg = config().withVerticalCompaction(true, List.of("replica"), DedupFunc.PENALTY)
                .withDownsamplingDisabled(true);
        IterationResult r = new Compactor(bkt, cfg, CompactMetrics.noop(), clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        Fixtures.Data back = Fixtures.readBucket(bkt, tmp.resolve("read"), 0, clock);
        // One copy: about as many samples as one replica (a few extra where the algorithm starts over on
        // each cluster of overlapping chunks and takes one sample from each replica), never both.
        for (var e : back.entrySet()) {
            int n = e.getValue().size();
            int one = a.get(e.getKey()).size();
            assertThat(n).isBetween(one - 1, one + one / 20);
            for (var s : e.getValue().entrySet()) {
                Double fromA = a.get(e.getKey()).get(s.getKey());
                Double fromB = b.get(e.getKey()).get(s.getKey());
                assertThat(fromA != null ? fromA : fromB).isEqualTo(s.getValue());
            }
        }
    }

    @Test
    void overlappingBlocksStopOnlyTheirGroupAndNameTheBlocks() throws Exception {
        Fixtures.Data data = Fixtures.generate(2, 0, 10 * HOUR, 60_000, 4);
        List<BlockMeta> bad = Fixtures.uploadBlocks(bkt, tmp.resolve("x"), data, 0, 10 * HOUR, 2 * HOUR, Map.of("cluster", "bad"), clock);
        // A stray copy of one block: overlaps without vertical compaction.
        BlockMeta stray = Fixtures.writeBlock(tmp.resolve("stray"), data, 2 * HOUR, 4 * HOUR, Map.of("cluster", "bad"), clock.millis());
        BucketBlocks.upload(bkt, tmp.resolve("stray").resolve(stray.ulid()), clock);
        Fixtures.uploadBlocks(bkt, tmp.resolve("y"), data, 0, 10 * HOUR, 2 * HOUR, Map.of("cluster", "good"), clock);

        CompactMetrics metrics = CompactMetrics.noop();
        Compactor c = new Compactor(bkt, config().withDownsamplingDisabled(true).withConcurrency(2, 1, 4), metrics, clock);
        IterationResult r = c.runIteration();

        assertThat(r.compactions()).isEqualTo(1);
        String key = CompactionGroup.key(0, Map.of("cluster", "bad"));
        assertThat(r.stuckGroups()).containsOnlyKeys(key);
        assertThat(r.stuckGroups().get(key)).contains(stray.ulid(), bad.get(1).ulid(), "overlap",
                "--compact.enable-vertical-compaction", "no-compact-mark.json");
        assertThat(c.stuckGroups()).containsOnlyKeys(key);
        assertThat(metrics.registry().get("jthanos_compact_group_stuck").tag("group", key).gauge().value()).isEqualTo(1);
        Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
        assertThat(live.values().stream().filter(m -> m.thanos().labels().get("cluster").equals("good"))
                .map(m -> m.minTime() / HOUR + "-" + m.maxTime() / HOUR)).containsExactlyInAnyOrder("0-8", "8-10");
        assertThat(live.values().stream().filter(m -> m.thanos().labels().get("cluster").equals("bad"))).hasSize(6);

        // The fix named in the message works: marking the stray block no-compact unblocks the group.
        Markers.markForNoCompact(bkt, stray.ulid(), Markers.MANUAL_REASON, "duplicate", clock);
        IterationResult fixed = c.runIteration();
        assertThat(fixed.stuckGroups()).isEmpty();
        // Planned around the excluded block without gaps, as Thanos does: [0,2)+[2,4), then [4,6)+[6,8).
        assertThat(fixed.compactions()).isEqualTo(2);
        assertThat(Fixtures.liveBlocks(bkt, clock)).containsKey(stray.ulid());
        assertThat(metrics.registry().get("jthanos_compact_group_stuck").tag("group", key).gauge().value()).isZero();
    }

    @Test
    void overlappingDownsampledReplicasAreMarkedNoCompactInsteadOfMerged() throws Exception {
        Fixtures.Data data = Fixtures.generate(2, 0, 48 * HOUR, 300_000, 8);
        for (String replica : List.of("a", "b")) {
            BlockMeta raw = Fixtures.writeBlock(tmp.resolve("raw"), data, 0, 48 * HOUR, Map.of("c", "x", "replica", replica),
                    clock.millis());
            BlockMeta ds = io.jthanos.compact.downsample.BlockDownsampler.downsample(tmp.resolve("raw").resolve(raw.ulid()),
                    tmp.resolve("ds"), 300_000);
            BucketBlocks.upload(bkt, tmp.resolve("ds").resolve(ds.ulid()), clock);
        }
        CompactMetrics metrics = CompactMetrics.noop();
        CompactorConfig cfg = config().withVerticalCompaction(true, List.of("replica"), DedupFunc.EXACT);
        IterationResult r = new Compactor(bkt, cfg, metrics, clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        assertThat(r.compactions()).isZero();
        Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
        assertThat(live).hasSize(2);
        for (String id : live.keySet()) {
            assertThat(Markers.readNoCompactMark(bkt, id).reason()).isEqualTo("downsample-vertical-compaction");
        }
        assertThat(metrics.registry().get("thanos_compact_blocks_marked").tag("marker", NoCompactMark.FILE_NAME)
                .counter().count()).isEqualTo(2);
    }

    @Test
    void retentionMarksBlocksPerResolution() throws Exception {
        Fixtures.Data data = Fixtures.generate(1, 0, 4 * HOUR, 60_000, 5);
        Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 4 * HOUR, 2 * HOUR, Map.of("a", "b"), clock);
        long now = clock.millis();
        // raw retention just long enough for the second block only.
        Duration raw = Duration.ofMillis(now - 3 * HOUR);
        CompactorConfig cfg = config().withDownsamplingDisabled(true).withRetention(raw, Duration.ZERO, Duration.ZERO);
        IterationResult r = new Compactor(bkt, cfg, CompactMetrics.noop(), clock).runIteration();
        assertThat(r.retentionMarked()).isEqualTo(1);
        assertThat(ranges(Fixtures.liveBlocks(bkt, clock), 0)).containsExactly("2-4");
    }

    @Test
    void anUnreadableMetaJsonIsLoggedOnceNotAtEverySyncOfAnIteration() throws Exception {
        Fixtures.Data data = Fixtures.generate(1, 0, 2 * HOUR, 60_000, 6);
        BlockMeta m = Fixtures.writeBlock(tmp.resolve("p"), data, 0, 2 * HOUR, Map.of("a", "b"), clock.millis());
        bkt.upload(m.ulid() + "/meta.json", new java.io.ByteArrayInputStream("{\"ulid\": \"".getBytes()), 10);
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(MetaSyncer.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        log.addAppender(appender);
        try {
            Compactor c = new Compactor(bkt, config(), CompactMetrics.noop(), clock);
            c.runIteration();
            c.runIteration();
        } finally {
            log.detachAppender(appender);
        }
        assertThat(appender.list).extracting(e -> e.getFormattedMessage())
                .containsExactly("unreadable meta.json; treating block as partial");
        assertThat(appender.list.get(0).getKeyValuePairs().toString())
                .contains(m.ulid() + "/meta.json at offset 10: invalid JSON: Unexpected end-of-input");
    }

    @Test
    void blocksWithoutExternalLabelsAreNotCompactedAsInThanosAndTheFailureSaysWhy() throws Exception {
        Fixtures.Data data = Fixtures.generate(1, 0, 10 * HOUR, 60_000, 4);
        for (long t = 0; t < 10 * HOUR; t += 2 * HOUR) { // uploaded as Prometheus blocks: our uploader refuses them
            Path dir = tmp.resolve("in");
            BlockMeta m = Fixtures.writeBlock(dir, data, t, t + 2 * HOUR, Map.of(), clock.millis());
            try (var files = java.nio.file.Files.walk(dir.resolve(m.ulid()))) {
                for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    bkt.uploadFile(dir.relativize(f).toString(), f);
                }
            }
        }

        IterationResult r = new Compactor(bkt, config(), CompactMetrics.noop(), clock).runIteration();

        assertThat(r.ok()).isFalse();
        assertThat(r.failures()).singleElement().asString()
                .startsWith("compact blocks [")
                .contains("]: empty external labels are not allowed for Thanos block ")
                .doesNotContain("java.io");
    }

    @Test
    void withADeleteDelayOfZeroTheSourcesAreDeletedInTheSameIterationAsInThanos() throws Exception {
        MutableClock at = new MutableClock(Instant.parse("2026-11-22T01:00:00.500Z"));
        Fixtures.Data data = Fixtures.generate(1, 0, 16 * HOUR, 60_000, 3);
        List<BlockMeta> sources = Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 0, 8 * HOUR, 2 * HOUR,
                Map.of("a", "b"), at);
        Fixtures.uploadBlocks(bkt, tmp.resolve("in"), data, 8 * HOUR, 16 * HOUR, 2 * HOUR, Map.of("a", "b"), at);

        IterationResult r = new Compactor(bkt, config().withDeleteDelay(Duration.ZERO), CompactMetrics.noop(), at)
                .runIteration();

        assertThat(r.compactions()).isEqualTo(1);
        assertThat(r.cleaned()).isEqualTo(4);
        assertThat(bkt.objects().keySet()).noneMatch(k -> sources.stream().anyMatch(m -> k.startsWith(m.ulid())));
    }

    @Test
    void partialUploadsAreCleanedAfterTwoDays() throws Exception {
        Fixtures.Data data = Fixtures.generate(1, 0, 2 * HOUR, 60_000, 6);
        BlockMeta m = Fixtures.writeBlock(tmp.resolve("p"), data, 0, 2 * HOUR, Map.of("a", "b"), clock.millis());
        bkt.uploadFile(m.ulid() + "/index", tmp.resolve("p").resolve(m.ulid()).resolve("index"));
        Compactor c = new Compactor(bkt, config(), CompactMetrics.noop(), clock);
        assertThat(c.runIteration().cleaned()).isZero();
        assertThat(bkt.objects()).containsKey(m.ulid() + "/index");
        clock.advance(Duration.ofDays(2).plusHours(4));
        assertThat(c.runIteration().cleaned()).isEqualTo(1);
        assertThat(bkt.objects()).isEmpty();
    }
}
