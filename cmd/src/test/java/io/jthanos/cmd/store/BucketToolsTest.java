package io.jthanos.cmd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.objstore.filesystem.FilesystemBucket;
import io.jthanos.tsdb.block.BlockMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketToolsTest {
    @TempDir Path tmp;

    @Test
    void inspectDrawsThanosTableWithFormatsSelectorAndSorting() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bucket"));
        BlockMeta a = FsBlocks.write(dir, 1500, 7_200_000, 14_400_000, Map.of("cluster", "eu", "replica", "a"));
        BlockMeta b = FsBlocks.write(dir, 2, 0, 7_200_000, Map.of("cluster", "us"));
        List<BlockMeta> metas = BucketMetas.all(new FilesystemBucket(dir));
        String table = BucketInspectTable.render(metas, Map.of(), List.of("FROM"), ZoneOffset.UTC);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("|            ULID            |        FROM         |")
                .contains("| UNTIL-DOWN |").contains("| COMP-FAILED |").endsWith("| SOURCE |");
        assertThat(lines.get(1)).matches("\\|(-+\\|)+");
        assertThat(lines.get(2)).startsWith("| " + b.ulid() + " | 01-01-1970 00:00:00 | 01-01-1970 02:00:00 | 2h0m0s | 38h0m0s ");
        assertThat(lines.get(3)).contains(a.ulid()).contains("| 1,500   | 180,000  | 1,500   | 1          |")
                .contains("| cluster=eu,replica=a |").contains("| 0s ").contains("| test ").contains("| false ");
        String onlyUs = BucketInspectTable.render(metas, Map.of("cluster", "us"), List.of(), ZoneOffset.UTC);
        assertThat(onlyUs.lines()).hasSize(3);
        assertThatThrownBy(() -> BucketInspectTable.render(metas, Map.of(), List.of("NOPE"), ZoneOffset.UTC))
                .hasMessage("column NOPE not found");
    }

    @Test
    void verifyFindsOverlapsWithinAGroupAndAcceptsAHealthyIndex() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bucket"));
        BlockMeta a = FsBlocks.write(dir, 3, 0, 7_200_000, Map.of("cluster", "eu"));
        BlockMeta b = FsBlocks.write(dir, 3, 3_600_000, 10_800_000, Map.of("cluster", "eu"));
        FsBlocks.write(dir, 3, 0, 7_200_000, Map.of("cluster", "us")); // another group: no overlap
        FilesystemBucket bucket = new FilesystemBucket(dir);
        List<BlockMeta> metas = BucketMetas.all(bucket);
        List<String> overlaps = BucketVerifier.overlaps(metas);
        assertThat(overlaps).hasSize(1);
        assertThat(overlaps.get(0)).contains(a.ulid()).contains(b.ulid()).contains("overlap by 3600000 ms");
        for (BlockMeta m : metas) {
            assertThat(BucketVerifier.indexIssues(bucket, m, tmp)).isEmpty();
        }
        // a block whose meta claims a narrower range than its chunks
        BlockMeta narrow = new BlockMeta(a.ulid(), 0, 3_600_000, a.stats(), a.compaction(), 1, a.thanos(), null);
        assertThat(BucketVerifier.indexIssues(dir.resolve(a.ulid()).resolve("index"), narrow))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("outside the block range"));
    }
}
