package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appendable;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.tsdb.wal.Checkpoint;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalMetrics;
import io.jthanos.tsdb.wal.WalWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory head block (Prometheus's {@code tsdb.Head}): the most recent samples of every series,
 * appendable through {@link HeadAppender}s and queryable like a block, backed by a write-ahead log.
 *
 * <p>Layout under its directory: {@code wal/} (segments and checkpoints, see {@link WalWriter}),
 * {@code chunks_head/} (completed chunks, memory-mapped, rebuilt on open; see
 * {@link ChunkDiskMapper}) and {@code lock}, locked while the head is open so that no second
 * process (or second head in this one) writes to the same WAL.
 *
 * <p><b>Commit protocol.</b> A commit takes the head's commit lock, writes one series record (for
 * series the WAL does not know yet) and one samples record holding the whole batch, applies the
 * samples to their series and releases the lock; then, with {@link DurabilityMode#FSYNC_EACH_COMMIT},
 * it waits for a group fsync covering its records. So the WAL's order is the order in which samples
 * were applied, replay reproduces the head exactly (the same checks on the same sequence), and a
 * batch is replayed whole or not at all. Samples are visible to queries once applied, which may be
 * before the fsync completes; {@code commit()} returns only after it.
 *
 * <p>A sample that passed {@link HeadAppender#append} is dropped at commit only when a concurrent
 * batch committed a newer sample of the same series first (counted as out of order, as in
 * Prometheus). It is never dropped for being too old: persisting a range first raises the minimum
 * valid time for new batches ({@link #setMinValidTime}) and then waits for the open batches that may
 * hold samples of the range ({@link #waitForAppendersOverlapping}).
 *
 * <p>Thread-safe.
 */
public final class Head implements Queryable, ChunkQueryable, Appendable, AutoCloseable {
    private final HeadOptions options;
    private final StripeSeries series;
    private final MemPostings postings = new MemPostings();
    private final ChunkDiskMapper disk;
    private final WalWriter wal;
    private final Path walDir;
    private final WalMetrics walMetrics;
    final HeadMetrics metrics;
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Serialises truncations, whose WAL checkpoint runs outside the commit lock. */
    private final ReentrantLock truncateLock = new ReentrantLock();
    private final AtomicLong lastRef = new AtomicLong();
    /** Minimum valid times of appenders with an open batch, with counts; guarded by itself. */
    private final java.util.TreeMap<Long, Integer> openAppenders = new java.util.TreeMap<>();

    private volatile long minTime = Long.MAX_VALUE;
    private volatile long maxTime = Long.MIN_VALUE;
    private volatile long minValidTime = Long.MIN_VALUE;
    private volatile IOException failure;
    private final DirectoryLock lock;
    private boolean closed; // guarded by commitLock

    private Head(Path dir, HeadOptions options, long minValidTime, MeterRegistry registry, DirectoryLock lock) throws IOException {
        this.lock = lock;
        this.options = options;
        this.series = new StripeSeries(options.stripes());
        this.metrics = new HeadMetrics(registry, this);
        this.minValidTime = minValidTime;
        this.disk = new ChunkDiskMapper(dir.resolve("chunks_head"), ChunkDiskMapper.MAX_FILE_SIZE);
        if (options.wal() != null) {
            walDir = dir.resolve("wal");
            walMetrics = new WalMetrics(registry);
            long start = System.nanoTime();
            new WalReplay(this, walDir, walMetrics).replay();
            metrics.replayDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            wal = WalWriter.open(walDir, options.wal(), walMetrics);
        } else {
            walDir = null;
            walMetrics = null;
            wal = null;
        }
    }

    /**
     * Opens the head in {@code dir}, replaying its WAL. Samples older than {@code minValidTime} (the
     * end of the newest persisted block) are skipped on replay and rejected on append.
     */
    public static Head open(Path dir, HeadOptions options, long minValidTime, MeterRegistry registry) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            return new Head(dir, options, minValidTime, registry, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public HeadOptions options() {
        return options;
    }

    @Override
    public HeadAppender appender() {
        return new HeadAppender(this);
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new HeadQuerier(this, minTime, maxTime);
    }

    @Override
    public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
        return new HeadChunkQuerier(this, minTime, maxTime);
    }

    /** Timestamp of the oldest sample, {@link Long#MAX_VALUE} when empty. */
    public long minTime() {
        return minTime;
    }

    /** Timestamp of the newest sample, {@link Long#MIN_VALUE} when empty. */
    public long maxTime() {
        return maxTime;
    }

    /** Number of series held. */
    public long numSeries() {
        return metrics.series.get();
    }

    /**
     * The head's stats for {@code /api/v1/status/tsdb}: its size and time range, and each cardinality list cut to
     * its {@code limit} largest entries; {@code label} is the label whose values are counted by series (Prometheus
     * asks for {@code __name__}). Computed on each call, which reads the whole index under its read lock.
     */
    public HeadStats stats(String label, int limit) {
        TopStats metricsTop = new TopStats(limit);
        TopStats names = new TopStats(limit);
        TopStats bytes = new TopStats(limit);
        TopStats pairs = new TopStats(limit);
        int numPairs = postings.stats(label, metricsTop, names, bytes, pairs);
        return new HeadStats(numSeries(), metrics.chunks.get(), minTime, maxTime, numPairs, metricsTop.get(), names.get(),
                bytes.get(), pairs.get());
    }

    /** Samples before this time are rejected as out of bounds. */
    public long minValidTime() {
        return minValidTime;
    }

    /**
     * The oldest timestamp an appender accepts: Prometheus's {@code appendableMinValidTime}, half a chunk
     * range before the newest sample, and never before {@link #minValidTime()}.
     */
    long appendableMinValidTime() {
        long max = maxTime;
        if (max == Long.MIN_VALUE) {
            return minValidTime;
        }
        return Math.max(minValidTime, max - options.chunkRange() / 2);
    }

    /**
     * Raises the minimum valid time, e.g. before persisting the range below it as a block; batches
     * opened afterwards refuse older samples. See {@link #waitForAppendersOverlapping}.
     */
    public void setMinValidTime(long t) {
        synchronized (openAppenders) {
            minValidTime = Math.max(minValidTime, t);
        }
    }

    /**
     * Waits until every batch that was opened with a minimum valid time below {@code maxTime} has been
     * committed or rolled back (Prometheus's {@code WaitForAppendersOverlapping}). Together with
     * {@link #setMinValidTime} this makes sure no accepted sample below {@code maxTime} arrives after
     * the range was persisted. A batch left open forever blocks this.
     */
    public void waitForAppendersOverlapping(long maxTime) throws InterruptedException {
        synchronized (openAppenders) {
            while (!openAppenders.isEmpty() && openAppenders.firstKey() < maxTime) {
                openAppenders.wait();
            }
        }
    }

    /** Registers a batch being opened and returns the oldest timestamp it may accept. */
    long openBatch() {
        synchronized (openAppenders) {
            long min = appendableMinValidTime();
            openAppenders.merge(min, 1, Integer::sum);
            return min;
        }
    }

    void closeBatch(long minValidTime) {
        synchronized (openAppenders) {
            openAppenders.merge(minValidTime, -1, (a, b) -> a + b == 0 ? null : a + b);
            openAppenders.notifyAll();
        }
    }

    MemSeries seriesByRef(long ref) {
        return series.getByRef(ref);
    }

    MemPostings postings() {
        return postings;
    }

    ChunkDiskMapper disk() {
        return disk;
    }

    /** The series for {@code labels}, created (after validation) when new. */
    MemSeries getOrCreate(Labels labels) throws AppendRejectedException {
        MemSeries s = series.getByLabels(labels);
        if (s != null) {
            return s;
        }
        LabelsValidation.validate(labels);
        return create(labels, 0);
    }

    /** The series for {@code key}, created (after validation) when new. */
    MemSeries getOrCreate(LabelsKey key) throws AppendRejectedException {
        MemSeries s = series.getByKey(key);
        if (s != null) {
            return s;
        }
        Labels labels = key.toLabels();
        LabelsValidation.validate(labels);
        return create(labels, 0);
    }

    /** Creates a series with the given ref (replay) or a new one ({@code ref == 0}). */
    MemSeries create(Labels labels, long ref) {
        if (ref != 0) {
            lastRef.accumulateAndGet(ref, Math::max);
        }
        return series.getOrCreate(labels, ls -> {
            long r = ref != 0 ? ref : lastRef.incrementAndGet();
            Labels canonical = postings.add(r, ls);
            metrics.series.incrementAndGet();
            return new MemSeries(r, canonical);
        });
    }

    /**
     * Commits an appender's batch; see the class comment for the protocol.
     *
     * <p>The arrays hold the batch's series, timestamps and values in append order.
     */
    void commit(MemSeries[] seriesOf, long[] ts, double[] vs, int size, CommitScratch scratch) throws IOException {
        long position = -1;
        commitLock.lock();
        try {
            if (failure != null) {
                throw new IOException("head failed earlier; restart to recover from the WAL", failure);
            }
            scratch.reset();
            for (int i = 0; i < size; i++) {
                MemSeries s = seriesOf[i];
                if (s.deleted) {
                    // garbage-collected while the batch was open: recreate it
                    s = create(s.labels, 0);
                    seriesOf[i] = s;
                }
                if (!s.walLogged) {
                    s.walLogged = true;
                    scratch.addSeries(s);
                }
                scratch.samples.add(s.ref, ts[i], vs[i]);
            }
            if (wal != null) {
                try {
                    position = wal.log(scratch.records());
                } catch (IOException e) {
                    for (int i = 0; i < scratch.seriesCount; i++) {
                        scratch.series[i].walLogged = false;
                    }
                    throw e;
                }
            }
            apply(seriesOf, ts, vs, size);
        } finally {
            commitLock.unlock();
        }
        if (position >= 0 && options.wal().durability() == DurabilityMode.FSYNC_EACH_COMMIT) {
            wal.sync(position);
        }
    }

    private void apply(MemSeries[] seriesOf, long[] ts, double[] vs, int size) throws IOException {
        long newMin = minTime, newMax = maxTime;
        // no bounds check here: a batch's samples passed its own bounds at append, and persisting a
        // range waits for the batches that may hold samples of it (waitForAppendersOverlapping)
        int appended = 0, outOfOrder = 0, duplicate = 0;
        for (int i = 0; i < size; i++) {
            MemSeries s = seriesOf[i];
            long t = ts[i];
            int verdict = s.appendable(t, vs[i]);
            if (verdict == MemSeries.APPENDABLE) {
                boolean cut;
                try {
                    cut = s.append(t, vs[i], options.chunkRange(), options.samplesPerChunk(), disk);
                } catch (IOException e) {
                    failure = e; // memory no longer matches the WAL: refuse further commits
                    throw e;
                }
                if (cut) {
                    metrics.chunks.incrementAndGet();
                }
                appended++;
                newMin = Math.min(newMin, t);
                newMax = Math.max(newMax, t);
            } else if (verdict == MemSeries.OUT_OF_ORDER) {
                outOfOrder++;
            } else if (verdict == MemSeries.DUPLICATE) {
                duplicate++;
            }
        }
        if (newMin < minTime) {
            minTime = newMin;
        }
        if (newMax > maxTime) {
            maxTime = newMax;
        }
        if (appended > 0) {
            metrics.samplesAppended.increment(appended);
        }
        if (outOfOrder > 0) {
            metrics.outOfOrderSamples.increment(outOfOrder);
        }
        if (duplicate > 0) {
            metrics.duplicateSamples.increment(duplicate);
        }
    }

    /** Applies one replayed sample with the checks of a live commit; replay runs before any appender exists. */
    void replaySample(MemSeries s, long t, double v) throws IOException {
        if (t < minValidTime || s.appendable(t, v) != MemSeries.APPENDABLE) {
            return;
        }
        if (s.append(t, v, options.chunkRange(), options.samplesPerChunk(), disk)) {
            metrics.chunks.incrementAndGet();
        }
        if (t < minTime) {
            minTime = t;
        }
        if (t > maxTime) {
            maxTime = t;
        }
    }

    /**
     * Drops all chunks that end before {@code minTime}, garbage-collects series left without chunks,
     * and checkpoints the WAL (keeping live series and samples from {@code minTime} on), after
     * Prometheus's {@code Head.Truncate}. The range below {@code minTime} must already be persisted.
     */
    public void truncate(long mint) throws IOException {
        truncateLock.lock();
        try {
            truncateLocked(mint);
        } finally {
            truncateLock.unlock();
        }
    }

    private void truncateLocked(long mint) throws IOException {
        metrics.truncations.increment();
        long start = System.nanoTime();
        List<MemSeries> removed = new ArrayList<>();
        commitLock.lock();
        try {
            minValidTime = Math.max(minValidTime, mint);
            long[] newMin = {Long.MAX_VALUE};
            long[] chunkCount = {0};
            series.forEach(s -> {
                if (s.truncateBefore(mint)) {
                    removed.add(s);
                } else {
                    newMin[0] = Math.min(newMin[0], s.minTime());
                    chunkCount[0] += s.chunkCount();
                }
            });
            for (MemSeries s : removed) {
                s.deleted = true;
                series.remove(s);
            }
            long[] removedRefs = new long[removed.size()];
            for (int i = 0; i < removedRefs.length; i++) {
                removedRefs[i] = removed.get(i).ref;
            }
            java.util.Arrays.sort(removedRefs);
            postings.delete(ref -> java.util.Arrays.binarySearch(removedRefs, ref) >= 0);
            metrics.series.addAndGet(-removed.size());
            metrics.seriesRemoved.increment(removed.size());
            metrics.chunks.set(chunkCount[0]);
            minTime = newMin[0]; // the head keeps its max time even when empty, so bounds still apply
            disk.truncate(mint);
        } finally {
            commitLock.unlock();
        }
        metrics.gcDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (wal != null) {
            long walStart = System.nanoTime();
            int current = wal.nextSegment();
            if (current > 0) {
                Checkpoint.create(walDir, current - 1, ref -> series.getByRef(ref) != null, mint, walMetrics);
            }
            metrics.walTruncateDuration.record(System.nanoTime() - walStart, TimeUnit.NANOSECONDS);
        }
    }

    /** A series' labels with its chunks overlapping a query range. */
    record SeriesChunks(Labels labels, List<ChunkMeta> chunks) {}

    /**
     * The series matching all {@code matchers} that have chunks overlapping {@code [mint, maxt]}, with
     * those chunks; sorted by labels when {@code sort}.
     */
    List<SeriesChunks> select(boolean sort, long mint, long maxt, Matcher... matchers) {
        long[] refs = postings.postingsForMatchers(matchers);
        List<SeriesChunks> out = new ArrayList<>();
        for (long ref : refs) {
            MemSeries s = series.getByRef(ref);
            if (s == null) {
                continue;
            }
            List<ChunkMeta> chunks = s.chunks(mint, maxt, disk);
            if (!chunks.isEmpty()) {
                out.add(new SeriesChunks(s.labels, chunks));
            }
        }
        if (sort) {
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        return out;
    }

    /** Labels of the series matching all {@code matchers}, whatever their samples' times. */
    List<Labels> matchingLabels(Matcher... matchers) {
        long[] refs = postings.postingsForMatchers(matchers);
        List<Labels> out = new ArrayList<>(refs.length);
        for (long ref : refs) {
            MemSeries s = series.getByRef(ref);
            if (s != null) {
                out.add(s.labels);
            }
        }
        return out;
    }

    /** Writes pending WAL data, fsyncs, closes and releases the directory lock. Idempotent. */
    @Override
    public void close() throws IOException {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (wal != null) {
                    wal.close();
                }
                disk.close();
            } finally {
                lock.close();
            }
        } finally {
            commitLock.unlock();
        }
    }
}
