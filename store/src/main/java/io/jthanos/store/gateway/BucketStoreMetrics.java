package io.jthanos.store.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store gateway's metrics with Thanos's names and help texts ({@code pkg/store/bucket.go}
 * {@code newBucketStoreMetrics}). Micrometer's Prometheus registry appends {@code _total} to counters and
 * {@code _seconds} to timers, so those suffixes are left out here.
 */
final class BucketStoreMetrics {
    final AtomicLong blocksLoaded = new AtomicLong();
    final Counter blockLoads;
    final Counter blockLoadFailures;
    final Counter blockDrops;
    final Counter seriesRefetches;
    final Counter queriesDroppedSeries;
    final Counter queriesDroppedSamples;
    final Counter queriesDroppedChunkPool;
    final DistributionSummary blocksQueried;
    final DistributionSummary resultSeries;
    final Timer getAllDuration;
    private final MeterRegistry registry;

    BucketStoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("thanos_bucket_store_blocks_loaded", blocksLoaded, AtomicLong::get)
                .description("Number of currently loaded blocks.").register(registry);
        blockLoads = Counter.builder("thanos_bucket_store_block_loads")
                .description("Total number of remote block loading attempts.").register(registry);
        blockLoadFailures = Counter.builder("thanos_bucket_store_block_load_failures")
                .description("Total number of failed remote block loading attempts.").register(registry);
        blockDrops = Counter.builder("thanos_bucket_store_block_drops")
                .description("Total number of local blocks that were dropped.").register(registry);
        seriesRefetches = Counter.builder("thanos_bucket_store_series_refetches")
                .description("Total number of cases where the estimated series size was not enough to fetch series from index, resulting in refetch.")
                .register(registry);
        queriesDroppedSeries = dropped("series");
        queriesDroppedSamples = dropped("samples");
        queriesDroppedChunkPool = dropped("chunk-pool");
        blocksQueried = DistributionSummary.builder("thanos_bucket_store_series_blocks_queried")
                .description("Number of blocks in a bucket store that were touched to satisfy a query.").register(registry);
        resultSeries = DistributionSummary.builder("thanos_bucket_store_series_result_series")
                .description("Number of series observed in the final result of a query.").register(registry);
        getAllDuration = Timer.builder("thanos_bucket_store_series_get_all_duration")
                .description("Time it takes until all per-block prepares and loads for a query are finished.")
                .register(registry);
    }

    private Counter dropped(String reason) {
        return Counter.builder("thanos_bucket_store_queries_dropped").tag("reason", reason)
                .description("Number of queries that were dropped due to the limit.").register(registry);
    }

    void observe(QueryStats s) {
        touched("postings", s.postingsTouched.get(), s.postingsTouchedBytes.get());
        touched("series", s.seriesTouched.get(), s.seriesTouchedBytes.get());
        touched("chunks", s.chunksTouched.get(), s.chunksTouchedBytes.get());
        fetched("postings", s.postingsFetched.get(), s.postingsFetchedBytes.get());
        fetched("series", s.seriesFetched.get(), s.seriesFetchedBytes.get());
        fetched("chunks", s.chunksFetched.get(), s.chunksFetchedBytes.get());
        blocksQueried.record(s.blocksQueried.get());
        seriesRefetches.increment(s.seriesRefetches.get());
    }

    private void touched(String type, long n, long bytes) {
        DistributionSummary.builder("thanos_bucket_store_series_data_touched").tag("data_type", type)
                .description("How many items of a data type in a block were touched for a single series request.")
                .register(registry).record(n);
        DistributionSummary.builder("thanos_bucket_store_series_data_size_touched_bytes").tag("data_type", type)
                .description("Size of all items of a data type in a block were touched for a single series request.")
                .register(registry).record(bytes);
    }

    private void fetched(String type, long n, long bytes) {
        DistributionSummary.builder("thanos_bucket_store_series_data_fetched").tag("data_type", type)
                .description("How many items of a data type in a block were fetched for a single series request.")
                .register(registry).record(n);
        DistributionSummary.builder("thanos_bucket_store_series_data_size_fetched_bytes").tag("data_type", type)
                .description("Size of all items of a data type in a block were fetched for a single series request.")
                .register(registry).record(bytes);
    }
}
