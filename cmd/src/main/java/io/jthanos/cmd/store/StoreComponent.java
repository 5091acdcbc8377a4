package io.jthanos.cmd.store;

import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.InstrumentedBucket;
import io.jthanos.store.gateway.BucketStore;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.fetch.ConsistencyDelayFilter;
import io.jthanos.store.gateway.fetch.DeduplicateFilter;
import io.jthanos.store.gateway.fetch.DeletionMarkFilter;
import io.jthanos.store.gateway.fetch.FetchResult;
import io.jthanos.store.gateway.fetch.LabelShardedFilter;
import io.jthanos.store.gateway.fetch.MetaFilter;
import io.jthanos.store.gateway.fetch.ParquetMigratedFilter;
import io.jthanos.store.gateway.fetch.TimePartitionFilter;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos store} (Thanos's {@code cmd/thanos/store.go}): the store gateway serving the bucket's blocks over
 * the StoreAPI and Info gRPC services. One actor syncs blocks: an initial sync (whose failure ends the process, as
 * in Thanos), readiness, then a sync every {@code --sync-block-duration} and idle index-headers unmapped between.
 */
public final class StoreComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final StoreSettings settings;
    private volatile BucketStore store;

    public StoreComponent(StoreSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "store";
    }

    /** The running store, once configured (for tests). */
    public BucketStore store() {
        return store;
    }

    @Override
    public void configure(ComponentContext ctx) throws Exception {
        MeterRegistry registry = ctx.registry();
        InstrumentedBucket bucket = BucketFactory.fromConfig(settings.objstoreYaml(), "--objstore.config", registry);
        Path dataDir = settings.store().dataDir();
        if (dataDir != null) {
            Files.createDirectories(dataDir);
        }
        ExecutorService metaPool = Executors.newFixedThreadPool(Math.max(1, settings.metaFetchConcurrency()),
                Thread.ofPlatform().name("meta-fetch-", 0).daemon().factory());
        Clock clock = Clock.systemUTC();
        List<MetaFilter> filters = List.of(
                new TimePartitionFilter(settings.store().minTime(), settings.store().maxTime()),
                new LabelShardedFilter(settings.selector()),
                new ConsistencyDelayFilter(settings.consistencyDelay(), clock),
                new DeletionMarkFilter(bucket, settings.ignoreDeletionMarksDelay(), clock, metaPool),
                new DeduplicateFilter(),
                new ParquetMigratedFilter());
        BlockMetaFetcher fetcher = new BlockMetaFetcher(bucket, dataDir == null ? null : dataDir.resolve("meta-syncer"),
                metaPool, filters, settings.discovery());
        BucketStore s = new BucketStore(bucket, fetcher, settings.store(), registry, settings.caches());
        this.store = s;
        FetcherMetrics fetcherMetrics = new FetcherMetrics(registry);
        ctx.grpc().addService(new StoreGrpcService(s));
        ctx.grpc().addService(new InfoGrpcService(s));

        Object stop = new Object();
        boolean[] stopping = {false};
        ctx.runGroup().add("bucket-sync", () -> {
            try {
                syncLoop(ctx, s, fetcherMetrics, stop, stopping);
            } finally {
                s.close();
                metaPool.shutdownNow();
                bucket.close();
            }
        }, cause -> {
            synchronized (stop) {
                stopping[0] = true;
                stop.notifyAll();
            }
        });
    }

    private void syncLoop(ComponentContext ctx, BucketStore s, FetcherMetrics fetcherMetrics, Object stop,
            boolean[] stopping) throws Exception {
        try {
            long started = System.nanoTime();
            fetcherMetrics.record(s.sync());
            LOG.info("initial synchronization finished: {} blocks loaded in {} ms", s.blockIds().size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (Exception e) {
            fetcherMetrics.failures.increment();
            throw new Exception("initial sync: " + e.getMessage(), e);
        }
        ctx.prober().ready();
        long next = System.nanoTime() + settings.syncInterval().toNanos();
        while (true) {
            synchronized (stop) {
                long wait = Math.min(TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()), 60_000);
                if (!stopping[0] && wait > 0) {
                    stop.wait(wait);
                }
                if (stopping[0]) {
                    return;
                }
            }
            s.closeIdleIndexHeaders();
            if (System.nanoTime() >= next) {
                try {
                    fetcherMetrics.record(s.sync());
                } catch (Exception e) {
                    fetcherMetrics.failures.increment();
                    LOG.warn("syncing blocks failed; serving the blocks loaded before: {}", e.getMessage());
                }
                next = System.nanoTime() + settings.syncInterval().toNanos();
            }
        }
    }

    /** {@code thanos_blocks_meta_syncs_total}, {@code thanos_blocks_meta_sync_failures_total}, {@code thanos_blocks_meta_synced}. */
    private static final class FetcherMetrics {
        final Counter syncs;
        final Counter failures;
        final Map<String, AtomicLong> synced = new ConcurrentHashMap<>();
        private final MeterRegistry registry;

        FetcherMetrics(MeterRegistry registry) {
            this.registry = registry;
            syncs = Counter.builder("thanos_blocks_meta_syncs").description("Total blocks metadata synchronization attempts")
                    .register(registry);
            failures = Counter.builder("thanos_blocks_meta_sync_failures")
                    .description("Total blocks metadata synchronization failures").register(registry);
        }

        void record(FetchResult r) {
            syncs.increment();
            for (AtomicLong v : synced.values()) {
                v.set(0);
            }
            r.synced().asMap().forEach((state, n) -> synced.computeIfAbsent(state, k -> {
                AtomicLong a = new AtomicLong();
                Gauge.builder("thanos_blocks_meta_synced", a, AtomicLong::get).tag("state", k)
                        .description("Number of block metadata synced").register(registry);
                return a;
            }).set(n));
        }
    }
}
