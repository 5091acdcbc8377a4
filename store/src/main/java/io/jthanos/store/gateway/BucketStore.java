package io.jthanos.store.gateway;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.BucketReader;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.ExternalLabels;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.cache.RemoteCache;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.FetchResult;
import io.jthanos.store.gateway.indexheader.IndexHeaderUnavailableException;
import io.jthanos.store.gateway.indexheader.LazyIndexHeader;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store gateway: the StoreAPI over every block of a bucket (Thanos's {@code BucketStore}).
 *
 * <p>{@link #sync()} fetches the filtered metas and loads new blocks (cheaply: the index-header is built on first
 * use when lazy) and drops vanished ones. The set of blocks is an immutable snapshot swapped atomically; a request
 * takes a reference on each block it reads, so a block dropped meanwhile stays readable until the request ends.
 *
 * <p>A series request selects blocks by time, external labels and resolution ({@link BlockSelector}), resolves
 * matchers to series per block in parallel (postings and series entries from the index, see {@link BucketBlock}),
 * merges the series of all blocks in label order and sends them in batches: chunks are read for one batch at a
 * time, their bytes reserved in the {@link ChunkPool} and released once the batch is sent. Limits fail a request
 * with {@code RESOURCE_EXHAUSTED} before any chunk is read.
 */
public final class BucketStore implements StoreApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BucketStore.class);
    static final long SAMPLES_PER_CHUNK = 120;

    private final BucketReader bucket;
    private final BlockMetaFetcher fetcher;
    private final BucketStoreConfig config;
    private final IndexCache indexCache;
    private final List<RemoteCache> remoteCaches = new ArrayList<>();
    private final ChunkPool chunkPool;
    private final ChunkCache chunkCache;
    private final BucketStoreMetrics metrics;
    private final Semaphore seriesGate;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LoadedBlocks blocks = new LoadedBlocks();
    private volatile QueryStats lastStats = new QueryStats();

    /** With in-memory caches of {@code config}'s sizes. */
    public BucketStore(BucketReader bucket, BlockMetaFetcher fetcher, BucketStoreConfig config, MeterRegistry registry) {
        this(bucket, fetcher, config, registry, StoreCaches.inMemory(config));
    }

    /** With {@code caches}, whose remote caches this store closes. */
    public BucketStore(BucketReader bucket, BlockMetaFetcher fetcher, BucketStoreConfig config, MeterRegistry registry,
            StoreCaches caches) {
        this.bucket = bucket;
        this.fetcher = fetcher;
        this.config = config;
        IndexCache index = switch (caches.index()) {
            case StoreCaches.InMemoryIndex m -> new InMemoryIndexCache(m.maxBytes(), m.maxItemBytes(), registry);
            case StoreCaches.RemoteIndex r -> new RemoteIndexCache(open(r.opener(), registry), r.ttl(), registry);
        };
        this.indexCache = IndexCache.onlyFor(index, caches.index().items());
        this.chunkPool = new ChunkPool(config.chunkPoolSize());
        this.chunkCache = switch (caches.chunks()) {
            case StoreCaches.InMemoryChunks m -> {
                // The default size must not be what runs a small heap out of memory: at most a quarter of the max heap.
                long size = Math.min(m.maxBytes(), Runtime.getRuntime().maxMemory() / 4);
                if (size < m.maxBytes()) {
                    LOG.info("chunk cache limited to {} bytes, a quarter of the max heap", size);
                }
                yield ChunkCache.inMemory(size, m.subrangeSize(), m.maxGetRangeRequests(), registry);
            }
            case StoreCaches.RemoteChunks r -> ChunkCache.remote(open(r.opener(), registry), r.ttl(), r.subrangeSize(),
                    r.maxGetRangeRequests(), registry);
        };
        this.metrics = new BucketStoreMetrics(registry);
        this.seriesGate = config.seriesMaxConcurrency() > 0 ? new Semaphore(config.seriesMaxConcurrency(), true) : null;
    }

    private RemoteCache open(Function<MeterRegistry, RemoteCache> opener, MeterRegistry registry) {
        RemoteCache c = opener.apply(registry);
        remoteCaches.add(c);
        return c;
    }

    // ---- sync

    /**
     * Fetches metas, loads new blocks and drops removed ones. A block that fails to load is retried at the next
     * sync; meanwhile the loaded blocks it was compacted from stay served.
     */
    public synchronized FetchResult sync() throws IOException {
        FetchResult r = fetcher.fetch();
        Map<String, BucketBlock> current = blocks.snapshot();
        Map<String, BucketBlock> next = new HashMap<>();
        List<BlockMeta> toLoad = new ArrayList<>();
        for (BlockMeta m : r.metas().values()) {
            BucketBlock b = current.get(m.ulid());
            if (b != null) {
                b.indexHeader().retryAfterFailure();
                next.put(m.ulid(), b);
            } else {
                toLoad.add(m);
            }
        }
        Semaphore slots = new Semaphore(Math.max(1, config.blockSyncConcurrency()));
        List<Future<BucketBlock>> loads = new ArrayList<>();
        for (BlockMeta m : toLoad) {
            loads.add(executor.submit(() -> {
                slots.acquire();
                try {
                    return load(m);
                } finally {
                    slots.release();
                }
            }));
        }
        for (int i = 0; i < loads.size(); i++) {
            try {
                BucketBlock b = loads.get(i).get();
                if (b != null) {
                    next.put(b.id(), b);
                } else {
                    keepSources(toLoad.get(i), current, next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading blocks", e);
            } catch (ExecutionException e) {
                throw new IOException("load block: " + e.getCause().getMessage(), e.getCause());
            }
        }
        for (BucketBlock dropped : blocks.replace(next)) {
            metrics.blockDrops.increment();
            LOG.info("dropped outdated block {}", dropped.id());
        }
        metrics.blocksLoaded.set(next.size());
        return r;
    }

    /**
     * Keeps serving the loaded sources of a compacted block that failed to load: the deduplicate filter has hidden
     * them already, and dropping them before their replacement is served would leave a gap in answers.
     */
    private static void keepSources(BlockMeta failed, Map<String, BucketBlock> current, Map<String, BucketBlock> next) {
        for (String source : failed.compaction().sources()) {
            BucketBlock b = current.get(source);
            if (b != null && !source.equals(failed.ulid()) && next.putIfAbsent(source, b) == null) {
                LOG.info("keeping block {} until block {}, which replaces it, loads", source, failed.ulid());
            }
        }
    }

    private BucketBlock load(BlockMeta m) {
        metrics.blockLoads.increment();
        var dir = config.dataDir() == null ? null : config.dataDir().resolve(m.ulid());
        LazyIndexHeader header = new LazyIndexHeader(bucket, m.ulid(), dir == null ? null : dir.resolve("index-header"),
                System::nanoTime, e -> loadFailed(m, e));
        BucketBlock b = new BucketBlock(m, bucket, header, indexCache, chunkCache, dir);
        if (!config.lazyIndexHeader()) {
            try {
                header.acquire();
                header.release();
            } catch (IndexHeaderUnavailableException e) { // told to the header's failure listener
                b.release();
                return null;
            } catch (IOException | RuntimeException e) {
                loadFailed(m, e);
                b.release();
                return null;
            }
        }
        return b;
    }

    private void loadFailed(BlockMeta m, Exception e) {
        metrics.blockLoadFailures.increment();
        LOG.warn("loading block {} failed; retrying at the next sync: {}", m.ulid(), e.getMessage());
    }

    /** Unmaps the index-headers idle for longer than the configured timeout; returns how many. */
    public int closeIdleIndexHeaders() {
        if (!config.lazyIndexHeader() || config.indexHeaderIdleTimeout().isZero()) {
            return 0;
        }
        int n = 0;
        for (BucketBlock b : blocks.snapshot().values()) {
            if (b.indexHeader().closeIfIdle(config.indexHeaderIdleTimeout().toNanos())) {
                n++;
            }
        }
        return n;
    }

    /** The ids of the loaded blocks. */
    public Set<String> blockIds() {
        return new TreeSet<>(blocks.snapshot().keySet());
    }

    /** The loaded block {@code id}, or {@code null}. */
    public BucketBlock block(String id) {
        return blocks.snapshot().get(id);
    }

    /** Statistics of the most recently finished series request (for tests and benchmarks). */
    public QueryStats lastQueryStats() {
        return lastStats;
    }

    public ChunkPool chunkPool() {
        return chunkPool;
    }

    public IndexCache indexCache() {
        return indexCache;
    }

    // ---- StoreAPI

    @Override
    public StoreInfo info() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        Set<Labels> sets = new LinkedHashSet<>();
        for (BucketBlock b : blocks.snapshot().values()) {
            min = Math.min(min, b.meta().minTime());
            max = Math.max(max, b.meta().maxTime()); // exclusive, announced as is, as Thanos does
            if (!b.externalLabels().isEmpty()) {
                sets.add(b.externalLabels());
            }
        }
        long now = System.currentTimeMillis();
        if (min != Long.MAX_VALUE) {
            min = Math.max(min, config.minTime().resolve(now));
            max = Math.min(max, config.maxTime().resolve(now));
        }
        List<Labels> sorted = new ArrayList<>(sets);
        sorted.sort(null);
        return new StoreInfo(sorted, min, max, ComponentType.STORE, true);
    }

    /** One selected block with the matchers left after deciding its external labels. */
    private record Target(BucketBlock block, List<Matcher> matchers) {}

    /** Selects and references the blocks of a request, all from one snapshot; the caller releases them. */
    private List<Target> acquire(List<Matcher> matchers, long minTime, long maxTime, long maxResolution) {
        return blocks.acquire(loaded -> {
            List<BucketBlock> candidates = new ArrayList<>();
            for (BucketBlock b : loaded) {
                if (b.overlaps(minTime, maxTime)) {
                    candidates.add(b);
                }
            }
            List<Target> out = new ArrayList<>();
            for (BucketBlock b : BlockSelector.select(candidates, minTime, maxTime, maxResolution)) {
                List<Matcher> ms = ExternalLabels.matchAndStrip(matchers, b.externalLabels());
                if (ms != null) {
                    out.add(new Target(b, ms));
                }
            }
            return out;
        }, Target::block);
    }

    private static void release(List<Target> targets) {
        for (Target t : targets) {
            t.block().release();
        }
    }

    @Override
    public void series(SeriesRequest request, SeriesObserver observer) {
        if (request.matchers().isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "no matchers specified");
        }
        if (seriesGate != null) {
            try {
                seriesGate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Code.CANCELLED, "interrupted while waiting for a series slot");
            }
        }
        QueryStats stats = new QueryStats(config.downloadedBytesLimit());
        List<Target> targets = acquire(request.matchers(), request.minTime(), request.maxTime(),
                request.maxResolutionWindow());
        try {
            stats.blocksQueried.set(targets.size());
            long started = System.nanoTime();
            Gathered<SeriesEntry> gathered = prepare(targets, request, stats);
            metrics.getAllDuration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            List<SeriesEntry> all = gathered.values();
            checkLimits(all);
            for (String w : gathered.warnings()) {
                observer.onWarning(w);
            }
            long sent = new SeriesSender(request, observer, chunkPool, executor, stats).send(all);
            metrics.resultSeries.record(sent);
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.RESOURCE_EXHAUSTED && e.getMessage().startsWith("chunk pool")) {
                metrics.queriesDroppedChunkPool.increment();
            } else if (e.code() == StoreException.Code.RESOURCE_EXHAUSTED && e.getMessage().startsWith("exceeded bytes")) {
                metrics.queriesDroppedBytes.increment();
            }
            throw e;
        } finally {
            release(targets);
            if (seriesGate != null) {
                seriesGate.release();
            }
            lastStats = stats;
            metrics.observe(stats);
        }
    }

    private Gathered<SeriesEntry> prepare(List<Target> targets, SeriesRequest request, QueryStats stats) {
        Set<String> drop = Set.copyOf(request.withoutReplicaLabels());
        List<Callable<List<SeriesEntry>>> tasks = new ArrayList<>();
        for (Target t : targets) {
            tasks.add(() -> {
                List<SeriesEntry> es = t.block().select(t.matchers(), request.minTime(), request.maxTime(), stats);
                Labels external = t.block().externalLabels().without(drop);
                LabelsBuilder scratch = new LabelsBuilder();
                for (SeriesEntry e : es) {
                    Labels l = drop.isEmpty() ? e.labels : e.labels.without(drop);
                    e.labels = ExternalLabels.extend(l, external, scratch);
                }
                return es;
            });
        }
        Gathered<List<SeriesEntry>> per = invokeAll(tasks, targets);
        List<SeriesEntry> all = new ArrayList<>();
        for (List<SeriesEntry> es : per.values()) {
            all.addAll(es);
        }
        all.sort((a, b) -> a.labels.compareTo(b.labels));
        return new Gathered<>(all, per.warnings());
    }

    /** The results of the blocks that answered, and a warning for each block whose index-header is unavailable. */
    private record Gathered<T>(List<T> values, List<String> warnings) {}

    /**
     * Runs one task per target. A block whose index is missing or corrupt is left out with a warning, so that one
     * broken block does not fail every request over its time range (Thanos does not load such a block at all); any
     * other failure fails the request.
     */
    private <T> Gathered<T> invokeAll(List<Callable<T>> tasks, List<Target> targets) {
        List<T> out = new ArrayList<>(tasks.size());
        List<String> warnings = new ArrayList<>();
        if (tasks.size() == 1) {
            try {
                out.add(tasks.get(0).call());
            } catch (Exception e) {
                failed(targets.get(0), e, warnings);
            }
            return new Gathered<>(out, warnings);
        }
        List<Future<T>> fs = new ArrayList<>();
        for (Callable<T> t : tasks) {
            fs.add(executor.submit(t));
        }
        try {
            for (int i = 0; i < fs.size(); i++) {
                try {
                    out.add(fs.get(i).get());
                } catch (ExecutionException e) {
                    failed(targets.get(i), e.getCause(), warnings);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(StoreException.Code.CANCELLED, "interrupted");
                }
            }
            return new Gathered<>(out, warnings);
        } finally {
            for (Future<T> f : fs) {
                f.cancel(true);
            }
        }
    }

    private static void failed(Target t, Throwable e, List<String> warnings) {
        String what = "block " + t.block().id();
        if (e instanceof IndexHeaderUnavailableException) {
            warnings.add(what + ": " + e.getMessage());
            return;
        }
        throw Errors.wrap(what, e);
    }

    private void checkLimits(List<SeriesEntry> all) {
        long seriesLimit = config.requestSeriesLimit();
        if (seriesLimit > 0 && all.size() > seriesLimit) {
            metrics.queriesDroppedSeries.increment();
            throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED,
                    "exceeded series limit: limit " + seriesLimit + " violated (got " + all.size() + ")");
        }
        long samplesLimit = config.requestSamplesLimit();
        if (samplesLimit > 0) {
            long chunks = 0;
            for (SeriesEntry e : all) {
                chunks += e.chunkCount();
            }
            if (chunks * SAMPLES_PER_CHUNK > samplesLimit) {
                metrics.queriesDroppedSamples.increment();
                throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "exceeded samples limit: limit "
                        + samplesLimit + " violated (got " + chunks * SAMPLES_PER_CHUNK + ")");
            }
        }
    }

    @Override
    public LabelQueryResult labelNames(LabelNamesRequest request) {
        List<Target> targets = acquire(request.matchers(), request.start(), request.end(), Long.MAX_VALUE);
        try {
            List<Callable<Set<String>>> tasks = new ArrayList<>();
            for (Target t : targets) {
                tasks.add(() -> {
                    Set<String> names = new HashSet<>();
                    if (t.matchers().isEmpty()) {
                        names.addAll(t.block().labelNames());
                    } else {
                        for (SeriesEntry e : t.block().select(t.matchers(), request.start(), request.end(), new QueryStats())) {
                            names.addAll(e.labels.names());
                        }
                    }
                    if (!names.isEmpty()) {
                        names.addAll(t.block().externalLabels().names());
                    }
                    return names;
                });
            }
            TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
            Gathered<Set<String>> per = invokeAll(tasks, targets);
            for (Set<String> s : per.values()) {
                names.addAll(s);
            }
            names.removeAll(new HashSet<>(request.withoutReplicaLabels()));
            return new LabelQueryResult(limit(new ArrayList<>(names), request.limit()), warnings(per));
        } finally {
            release(targets);
        }
    }

    @Override
    public LabelQueryResult labelValues(LabelValuesRequest request) {
        if (request.label().isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
        }
        List<Target> targets = acquire(request.matchers(), request.start(), request.end(), Long.MAX_VALUE);
        try {
            List<Callable<Set<String>>> tasks = new ArrayList<>();
            for (Target t : targets) {
                tasks.add(() -> {
                    Set<String> values = new HashSet<>();
                    String external = t.block().externalLabels().get(request.label());
                    if (t.matchers().isEmpty()) {
                        if (external == null) {
                            values.addAll(t.block().labelValues(request.label()));
                        } else if (!t.block().labelNames().isEmpty()) {
                            values.add(external);
                        }
                        return values;
                    }
                    for (SeriesEntry e : t.block().select(t.matchers(), request.start(), request.end(), new QueryStats())) {
                        String v = external != null ? external : e.labels.get(request.label());
                        if (v != null && !v.isEmpty()) {
                            values.add(v);
                            if (external != null) {
                                break;
                            }
                        }
                    }
                    return values;
                });
            }
            TreeSet<String> values = new TreeSet<>(Labels::compareStrings);
            Gathered<Set<String>> per = invokeAll(tasks, targets);
            for (Set<String> s : per.values()) {
                values.addAll(s);
            }
            return new LabelQueryResult(limit(new ArrayList<>(values), request.limit()), warnings(per));
        } finally {
            release(targets);
        }
    }

    private static Annotations warnings(Gathered<?> g) {
        Annotations a = Annotations.EMPTY;
        for (String w : g.warnings()) {
            a = a.with(Annotation.warning(w));
        }
        return a;
    }

    private static List<String> limit(List<String> values, long limit) {
        return limit > 0 && values.size() > limit ? values.subList(0, (int) limit) : values;
    }

    @Override
    public synchronized void close() {
        blocks.replace(Map.of());
        executor.shutdownNow();
        remoteCaches.forEach(RemoteCache::close);
    }
}
