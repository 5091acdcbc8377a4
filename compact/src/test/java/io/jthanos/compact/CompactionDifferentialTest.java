package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.compact.merge.DedupFunc;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.differential.DifferentialCorpus;
import io.jthanos.promql.differential.DifferentialDataset;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.tool.OpenMetricsBlockImporter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's differential proof: the PromQL corpus of the promql module ({@link DifferentialCorpus}, ~1,800
 * instant and range evaluations over {@link DifferentialDataset}'s 2,000 series with resets, gaps, churn, NaN and
 * ±Inf) answers exactly the same over the three raw 2h blocks of one replica as over the single 6h block the
 * compactor makes from the blocks of two identical replicas (leveled and vertical compaction, replica dedup).
 */
class CompactionDifferentialTest {
    private static final long SEED = 20261121L;

    @TempDir Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));

    @Test
    void theCorpusAnswersTheSameBeforeAndAfterCompaction() throws Exception {
        Path dataset = tmp.resolve("dataset.om");
        DifferentialDataset.write(SEED, dataset);
        InMemoryBucket bkt = new InMemoryBucket();
        for (String replica : List.of("a", "b")) {
            Path dir = tmp.resolve("raw-" + replica);
            List<BlockMeta> blocks = new OpenMetricsBlockImporter().importFile(dataset, dir);
            assertThat(blocks).hasSize((int) (DifferentialDataset.HOURS / 2));
            // the planner leaves the newest block alone: one more, after the dataset, lets the 6 h be compacted
            Path later = tmp.resolve("later-" + replica);
            List<BlockMeta> all = new ArrayList<>(blocks);
            all.addAll(new OpenMetricsBlockImporter().importText(
                    "later_block 1 " + (DifferentialDataset.END + 60) + "\n# EOF\n", later));
            for (BlockMeta m : all) {
                Path blockDir = (blocks.contains(m) ? dir : later).resolve(m.ulid());
                // the importer ends a block at its last sample; a head cuts it at the 2h boundary, as here
                long minTime = m.minTime() - Math.floorMod(m.minTime(), 2 * HOUR);
                BlockMeta cut = new BlockMeta(m.ulid(), minTime, minTime + 2 * HOUR, m.stats(), m.compaction(),
                        m.version(), BlockMeta.Thanos.of(Map.of("cluster", "eu", "replica", replica), "receive"),
                        m.unknown());
                BlockMetaJson.write(blockDir, cut);
                BucketBlocks.upload(bkt, blockDir, clock);
            }
        }
        // the dataset spans 6 h from a 6 h boundary: with a 6 h range the planner compacts it
        CompactorConfig cfg = CompactorConfig.defaults(tmp.resolve("data")).withConsistencyDelay(Duration.ZERO)
                .withDownsamplingDisabled(true).withRanges(2 * HOUR, 6 * HOUR)
                .withVerticalCompaction(true, List.of("replica"), DedupFunc.EXACT);
        IterationResult r = new Compactor(bkt, cfg, CompactMetrics.noop(), clock).runIteration();
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        Map<String, BlockMeta> live = Fixtures.liveBlocks(bkt, clock);
        assertThat(live).as("compactions %d, live %s", r.compactions(), live.keySet()).hasSize(2);
        BlockMeta compacted = live.values().stream().filter(m -> m.maxTime() - m.minTime() == 6 * HOUR)
                .findFirst().orElseThrow();
        assertThat(compacted.compaction().sources()).hasSize(6);
        BucketBlocks.download(bkt, compacted.ulid(), tmp.resolve("after").resolve(compacted.ulid()));

        try (DifferentialBlocks before = DifferentialBlocks.open(tmp.resolve("raw-a"));
                DifferentialBlocks after = DifferentialBlocks.open(tmp.resolve("after"))) {
            assertThat(before.blockCount()).isEqualTo(3);
            assertThat(after.blockCount()).isEqualTo(1);
            List<String> differences = DifferentialCorpus.differences(before, after);
            assertThat(DifferentialCorpus.cases()).hasSizeGreaterThan(500);
            assertThat(differences).as("answers that changed with compaction").isEmpty();
        }
    }
}
