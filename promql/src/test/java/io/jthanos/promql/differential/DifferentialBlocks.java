package io.jthanos.promql.differential;

import io.jthanos.model.Matcher;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.MergeChunkSeriesSet;
import io.jthanos.storage.MergeQuerier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.fileutil.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The blocks of {@link DifferentialDataset}, built once by {@code promtool tsdb create-blocks-from
 * openmetrics} and cached under {@code target/}, and our view of them: every block opened with
 * {@link Block}, samples merged with {@link MergeQuerier} and chunks with {@link MergeChunkSeriesSet}.
 */
public final class DifferentialBlocks implements Queryable, ChunkQueryable, AutoCloseable {

    /** Bump when the dataset changes so cached blocks are rebuilt. */
    private static final int DATASET_VERSION = 2;

    private final List<Block> blocks;

    private DifferentialBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Builds (or reuses) the blocks for {@code seed} under {@code cacheRoot} and returns their directory. */
    public static Path build(Path promtool, long seed, Path cacheRoot) throws IOException, InterruptedException {
        Path dir = cacheRoot.resolve("blocks-" + seed + "-v" + DATASET_VERSION).toAbsolutePath();
        if (Files.exists(dir.resolve(".complete"))) {
            return dir;
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        Path input = cacheRoot.resolve("dataset-" + seed + ".om").toAbsolutePath();
        DifferentialDataset.write(seed, input);
        Path log = cacheRoot.resolve("promtool.log").toAbsolutePath();
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "-q",
                input.toString(), dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("promtool create-blocks-from failed: " + Files.readString(log));
        }
        Files.delete(input);
        Files.createFile(dir.resolve(".complete"));
        return dir;
    }

    /** Copies the blocks of {@code blocksDir} into {@code target} (a fresh Prometheus data directory). */
    public static void copy(Path blocksDir, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(blocksDir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(blocksDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals(".complete")) {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Opens every block directory (one holding {@code meta.json}) of {@code blocksDir}. */
    public static DifferentialBlocks open(Path blocksDir) throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(blocksDir)) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.exists(d.resolve("meta.json"))) {
                    blocks.add(Block.open(d));
                }
            }
        }
        return new DifferentialBlocks(blocks);
    }

    public int blockCount() {
        return blocks.size();
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        List<Querier> queriers = new ArrayList<>();
        for (Block b : blocks) {
            // Block time ranges are half-open [minTime, maxTime), as in Prometheus's OverlapsClosedInterval.
            if (b.meta().minTime() <= maxTime && minTime < b.meta().maxTime()) {
                queriers.add(b.querier(minTime, maxTime));
            }
        }
        return new MergeQuerier(queriers);
    }

    /** This storage's samples only, without the chunk view, so the engine reads through {@link Querier}s. */
    public Queryable samplesOnly() {
        return this::querier;
    }

    @Override
    public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
        List<ChunkQuerier> queriers = new ArrayList<>();
        for (Block b : blocks) {
            if (b.meta().minTime() <= maxTime && minTime < b.meta().maxTime()) {
                queriers.add(b.chunkQuerier(minTime, maxTime));
            }
        }
        Querier labels = querier(minTime, maxTime);
        return new ChunkQuerier() {
            @Override
            public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
                List<ChunkSeriesSet> sets = new ArrayList<>(queriers.size());
                for (ChunkQuerier q : queriers) {
                    sets.add(q.select(true, hints, matchers));
                }
                return new MergeChunkSeriesSet(sets);
            }

            @Override
            public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
                return labels.labelValues(name, hints, matchers);
            }

            @Override
            public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
                return labels.labelNames(hints, matchers);
            }

            @Override
            public void close() {
                queriers.forEach(ChunkQuerier::close);
                labels.close();
            }
        };
    }

    @Override
    public void close() {
        blocks.forEach(Block::close);
    }

    static void deleteTree(Path dir) throws IOException {
        FileTrees.delete(dir);
    }
}
