package io.jthanos.tsdb;

import io.jthanos.model.Matcher;
import io.jthanos.storage.Appendable;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.MergeChunkQuerier;
import io.jthanos.storage.MergeQuerier;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockWriter;
import io.jthanos.tsdb.block.Ulid;
import io.jthanos.tsdb.fileutil.FileTrees;
import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadAppender;
import io.jthanos.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local time-series database (Prometheus's {@code tsdb.DB}): persisted blocks plus the head with its
 * write-ahead log, in one directory:
 *
 * <pre>
 * dir/&lt;ulid&gt;/…        persisted blocks (meta.json, index, chunks/)
 * dir/wal/            WAL segments and checkpoints
 * dir/chunks_head/    memory-mapped completed head chunks
 * </pre>
 *
 * <p>Appends go to the head ({@link #appender()}). When the head spans more than 1.5 block durations,
 * {@link #compact()} writes its oldest full block range as a block, loads it, truncates the head
 * (garbage-collecting series left without samples) and checkpoints the WAL; then blocks that ended
 * more than the retention before the newest block's end are deleted. A background thread runs this
 * every {@link TsdbOptions#compactionInterval()}.
 *
 * <p>Queries see blocks and head together. Thread-safe.
 */
public final class Tsdb implements Queryable, ChunkQueryable, Appendable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tsdb.class);

    private final Path dir;
    private final TsdbOptions options;
    private final TsdbMetrics metrics;
    private final Head head;
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final ScheduledExecutorService background;
    private volatile List<Block> blocks;
    private volatile Predicate<BlockMeta> retentionMayDelete = meta -> true;
    private volatile boolean closed;

    private Tsdb(Path dir, TsdbOptions options, MeterRegistry registry) throws IOException {
        this.dir = dir;
        this.options = options;
        this.metrics = new TsdbMetrics(registry);
        Files.createDirectories(dir);
        removeLeftovers();
        this.blocks = loadBlocks();
        long minValidTime = blocks.isEmpty() ? Long.MIN_VALUE : blocks.getLast().meta().maxTime();
        HeadOptions headOptions = HeadOptions.defaults().withChunkRange(options.blockDuration().toMillis()).withWal(options.walOptions());
        try {
            this.head = Head.open(dir, headOptions, minValidTime, registry);
        } catch (IOException | RuntimeException e) {
            blocks.forEach(Block::close);
            throw e;
        }
        long period = options.compactionInterval().toMillis();
        if (period > 0) {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tsdb-compaction " + dir);
                t.setDaemon(true);
                return t;
            });
            background.scheduleWithFixedDelay(this::backgroundCompaction, period, period, TimeUnit.MILLISECONDS);
        } else {
            background = null;
        }
    }

    /** Opens (creating if needed) the database in {@code dir}, loading its blocks and replaying its WAL. */
    public static Tsdb open(Path dir, TsdbOptions options, MeterRegistry registry) throws IOException {
        return new Tsdb(dir, options, registry);
    }

    /** Opens with default options and metrics that go nowhere. */
    public static Tsdb open(Path dir) throws IOException {
        return open(dir, TsdbOptions.defaults(), new SimpleMeterRegistry());
    }

    public Path dir() {
        return dir;
    }

    public TsdbOptions options() {
        return options;
    }

    /** The head, for callers that need its details (e.g. the StoreAPI's time range). */
    public Head head() {
        return head;
    }

    /** The persisted blocks, oldest first. */
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public HeadAppender appender() {
        return head.appender();
    }

    /** Oldest sample time over blocks and head, {@link Long#MAX_VALUE} when empty. */
    public long minTime() {
        List<Block> bs = blocks;
        return bs.isEmpty() ? head.minTime() : Math.min(bs.getFirst().meta().minTime(), head.minTime());
    }

    /** Newest sample time over blocks and head, {@link Long#MIN_VALUE} when empty. */
    public long maxTime() {
        List<Block> bs = blocks;
        return bs.isEmpty() ? head.maxTime() : Math.max(bs.getLast().meta().maxTime() - 1, head.maxTime());
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        List<Querier> queriers = new ArrayList<>();
        try {
            for (Block b : blocks) {
                if (b.meta().minTime() <= maxTime && b.meta().maxTime() > minTime) {
                    queriers.add(b.querier(minTime, maxTime));
                }
            }
        } catch (RuntimeException e) {
            queriers.forEach(Querier::close);
            throw e;
        }
        queriers.add(head.querier(minTime, maxTime));
        return queriers.size() == 1 ? queriers.getFirst() : new MergeQuerier(queriers);
    }

    @Override
    public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
        List<ChunkQuerier> queriers = new ArrayList<>();
        try {
            for (Block b : blocks) {
                if (b.meta().minTime() <= maxTime && b.meta().maxTime() > minTime) {
                    queriers.add(b.chunkQuerier(minTime, maxTime));
                }
            }
        } catch (RuntimeException e) {
            queriers.forEach(ChunkQuerier::close);
            throw e;
        }
        queriers.add(head.chunkQuerier(minTime, maxTime));
        return queriers.size() == 1 ? queriers.getFirst() : new MergeChunkQuerier(queriers);
    }

    /**
     * Restricts which blocks retention may delete (Prometheus's {@code Options.BlocksToDelete}, which
     * Thanos receive narrows to blocks its shipper has uploaded). A block beyond the retention that the
     * filter refuses is kept and considered again at the next compaction. By default every block
     * beyond the retention is deleted.
     */
    public void setRetentionFilter(Predicate<BlockMeta> mayDelete) {
        this.retentionMayDelete = java.util.Objects.requireNonNull(mayDelete, "mayDelete");
    }

    /** Whether the head spans more than 1.5 block durations (Prometheus's {@code Head.compactable}). */
    boolean compactable() {
        long range = options.blockDuration().toMillis();
        long min = head.minTime(), max = head.maxTime();
        return min != Long.MAX_VALUE && max != Long.MIN_VALUE && max - min > range / 2 * 3;
    }

    /**
     * Cuts blocks from the head while it spans more than 1.5 block durations, then applies retention.
     *
     * @return the number of blocks written
     */
    public int compact() throws IOException {
        compactionLock.lock();
        try {
            int written = 0;
            long range = options.blockDuration().toMillis();
            while (!closed && compactable()) {
                metrics.compactionsTriggered.increment();
                long mint = head.minTime();
                long maxt = rangeForTimestamp(mint, range);
                long start = System.nanoTime();
                try {
                    // new batches refuse samples below maxt; batches already open may still hold some
                    head.setMinValidTime(maxt);
                    waitForAppenders(maxt);
                    if (writeBlock(mint, maxt)) {
                        written++;
                    }
                    head.truncate(maxt);
                    metrics.compactions.increment();
                } catch (IOException | RuntimeException e) {
                    metrics.compactionsFailed.increment();
                    throw e;
                } finally {
                    metrics.compactionDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            }
            applyRetention();
            return written;
        } finally {
            compactionLock.unlock();
        }
    }

    /**
     * Writes everything the head holds into one block, however short, and truncates the head (what
     * Thanos receive does before it stops, so that no sample waits in the WAL for the next start; after
     * Prometheus's {@code DB.CompactHead} over the whole head). Afterwards the head refuses samples
     * older than the block's end.
     *
     * @return whether a block was written (false for an empty head)
     */
    public boolean flushHead() throws IOException {
        compactionLock.lock();
        try {
            long mint = head.minTime(), max = head.maxTime();
            if (closed || mint == Long.MAX_VALUE || max == Long.MIN_VALUE) {
                return false;
            }
            long maxt = max + 1;
            metrics.compactionsTriggered.increment();
            long start = System.nanoTime();
            try {
                head.setMinValidTime(maxt);
                waitForAppenders(maxt);
                boolean written = writeBlock(mint, maxt);
                head.truncate(maxt);
                metrics.compactions.increment();
                return written;
            } catch (IOException | RuntimeException e) {
                metrics.compactionsFailed.increment();
                throw e;
            } finally {
                metrics.compactionDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        } finally {
            compactionLock.unlock();
        }
    }

    private void waitForAppenders(long maxt) throws IOException {
        try {
            head.waitForAppendersOverlapping(maxt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for open appenders");
        }
    }

    private boolean writeBlock(long mint, long maxt) throws IOException {
        BlockMeta meta;
        try (ChunkQuerier q = head.chunkQuerier(mint, maxt - 1)) {
            ChunkSeriesSet set = q.select(true, null, Matcher.regex(io.jthanos.model.Labels.METRIC_NAME, ".*"));
            meta = new BlockWriter(dir).ulid(Ulid.generate()).timeRange(mint, maxt).write(set);
        }
        if (meta.stats().numSamples() == 0) {
            deleteBlockDir(dir.resolve(meta.ulid()));
            return false;
        }
        Block block = Block.open(dir.resolve(meta.ulid()));
        List<Block> next = new ArrayList<>(blocks);
        next.add(block);
        next.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        blocks = List.copyOf(next);
        metrics.blocksLoaded.set(next.size());
        metrics.reloads.increment();
        log.info("Wrote block {} for [{}, {}) with {} series and {} samples", meta.ulid(), mint, maxt,
                meta.stats().numSeries(), meta.stats().numSamples());
        return true;
    }

    /** Deletes blocks that ended more than the retention before the newest block's end. */
    private void applyRetention() throws IOException {
        long retention = options.retention().toMillis();
        List<Block> bs = blocks;
        if (retention <= 0 || bs.isEmpty()) {
            return;
        }
        long newest = bs.stream().mapToLong(b -> b.meta().maxTime()).max().orElseThrow();
        Predicate<BlockMeta> mayDelete = retentionMayDelete;
        List<Block> keep = new ArrayList<>();
        List<Block> drop = new ArrayList<>();
        for (Block b : bs) {
            (newest - b.meta().maxTime() > retention && mayDelete.test(b.meta()) ? drop : keep).add(b);
        }
        if (drop.isEmpty()) {
            return;
        }
        blocks = List.copyOf(keep);
        metrics.blocksLoaded.set(keep.size());
        metrics.timeRetentions.increment();
        for (Block b : drop) {
            log.info("Deleting block {} beyond the retention of {}", b.meta().ulid(), options.retention());
            b.close(); // unmapped once its last querier closes
            deleteBlockDir(b.dir());
        }
    }

    private void backgroundCompaction() {
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            log.error("Compaction of {}", dir, e);
        }
    }

    static long rangeForTimestamp(long t, long width) {
        return (t / width) * width + width;
    }

    private List<Block> loadBlocks() throws IOException {
        List<Block> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Ulid.isValid(name) && Files.isRegularFile(p.resolve("meta.json"))) {
                    try {
                        out.add(Block.open(p));
                    } catch (IOException | RuntimeException e) {
                        out.forEach(Block::close);
                        throw new IOException("open block " + p, e);
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(b -> b.meta().minTime()));
        metrics.blocksLoaded.set(out.size());
        metrics.reloads.increment();
        return List.copyOf(out);
    }

    /** Removes unfinished block writes and blocks whose deletion was interrupted (no meta.json). */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean unfinished = name.endsWith(BlockWriter.TMP_SUFFIX);
                boolean halfDeleted = Ulid.isValid(name) && Files.isDirectory(p) && !Files.exists(p.resolve("meta.json"));
                if (unfinished || halfDeleted) {
                    log.info("Removing leftover block directory {}", p);
                    FileTrees.delete(p);
                }
            }
        }
    }

    /** Deletes meta.json first, so that a crash midway leaves a directory that the next open removes. */
    private static void deleteBlockDir(Path p) throws IOException {
        Files.deleteIfExists(p.resolve("meta.json"));
        FileTrees.delete(p);
    }

    /** Stops the background thread, closes the head (fsyncing the WAL) and the blocks. */
    @Override
    public void close() throws IOException {
        if (background != null) {
            background.shutdownNow();
            try {
                background.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        compactionLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            head.close();
            blocks.forEach(Block::close);
        } finally {
            compactionLock.unlock();
        }
    }
}
