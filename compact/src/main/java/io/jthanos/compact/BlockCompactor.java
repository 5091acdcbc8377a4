package io.jthanos.compact;

import io.jthanos.compact.merge.MergingChunkSeriesSet;
import io.jthanos.compact.merge.VerticalChunkMerger;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockChunkQuerier;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compacts local blocks into one new local block (Prometheus's {@code LeveledCompactor.Compact}): the
 * series of all inputs are streamed through a k-way merge into a {@link BlockWriter}, chunk by chunk, and
 * into the index as they come (the symbols are the union of the inputs'), so memory holds one series' chunks
 * at a time plus the index's symbols and postings: it grows with series, not with samples per series. The output
 * gets {@code compaction.level = max + 1}, the union of {@code sources}, the inputs as {@code parents}
 * and the given Thanos section.
 */
public final class BlockCompactor {
    private final VerticalChunkMerger merger;

    public BlockCompactor(VerticalChunkMerger merger) {
        this.merger = merger;
    }

    /**
     * Writes the compaction of {@code blockDirs} into {@code outDir}.
     *
     * @param thanos the Thanos section of the output (labels, resolution, {@code source: compactor})
     * @return the new block's meta, or empty when the inputs hold no series (no block is written)
     */
    public Optional<BlockMeta> compact(List<Path> blockDirs, Path outDir, BlockMeta.Thanos thanos) throws IOException {
        List<Block> blocks = new ArrayList<>(blockDirs.size());
        List<BlockChunkQuerier> queriers = new ArrayList<>(blockDirs.size());
        try {
            long minTime = Long.MAX_VALUE;
            long maxTime = Long.MIN_VALUE;
            int level = 0;
            TreeSet<String> sources = new TreeSet<>();
            List<BlockMeta.BlockDesc> parents = new ArrayList<>();
            List<ChunkSeriesSet> sets = new ArrayList<>();
            Set<String> symbols = new HashSet<>();
            for (Path dir : blockDirs) {
                Block b = Block.open(dir);
                blocks.add(b);
                symbols.addAll(b.index().symbols());
                BlockMeta m = b.meta();
                minTime = Math.min(minTime, m.minTime());
                maxTime = Math.max(maxTime, m.maxTime());
                level = Math.max(level, m.compaction().level());
                sources.addAll(m.compaction().sources());
                parents.add(new BlockMeta.BlockDesc(m.ulid(), m.minTime(), m.maxTime()));
                BlockChunkQuerier q = b.chunkQuerier(m.minTime(), m.maxTime() - 1);
                queriers.add(q);
                sets.add(q.select(true, new SelectHints(m.minTime(), m.maxTime() - 1, 0, null, 0, List.of(), false, true)));
            }
            Ulid id = Ulid.generate();
            BlockMeta written = new BlockWriter(outDir).ulid(id).timeRange(minTime, maxTime).thanos(thanos)
                    .symbols(symbols).write(new MergingChunkSeriesSet(sets, merger));
            Path dir = outDir.resolve(id.toString());
            if (written.stats().numSeries() == 0) {
                FileTrees.removeAll(dir);
                return Optional.empty();
            }
            BlockMeta.Compaction c = new BlockMeta.Compaction(level + 1, List.copyOf(sources), false, parents, false,
                    List.of(), null);
            BlockMeta meta = new BlockMeta(written.ulid(), written.minTime(), written.maxTime(), written.stats(), c,
                    written.version(), written.thanos(), written.unknown());
            BlockMetaJson.write(dir, meta);
            return Optional.of(meta);
        } finally {
            for (BlockChunkQuerier q : queriers) {
                q.close();
            }
            for (Block b : blocks) {
                b.close();
            }
        }
    }
}
