package io.jthanos.store.gateway;

import io.jthanos.store.gateway.fetch.TimeOrDuration;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link BucketStore}, named after the {@code thanos store} flags they come from.
 *
 * @param dataDir {@code --data-dir}: index-headers live in {@code <dataDir>/<ULID>/index-header}; {@code null} with
 *     {@code --no-cache-index-header}: index-headers are built in memory when a block is first used (and again
 *     after an idle unmap), nothing is written locally
 * @param blockSyncConcurrency {@code --block-sync-concurrency}
 * @param indexCacheSize {@code --index-cache-size} in bytes
 * @param chunkPoolSize {@code --chunk-pool-size} in bytes
 * @param seriesMaxConcurrency {@code --store.grpc.series-max-concurrency}; 0 for no limit
 * @param requestSeriesLimit {@code --store.limits.request-series}; 0 for no limit
 * @param requestSamplesLimit {@code --store.limits.request-samples} (counted as chunks × 120); 0 for no limit
 * @param downloadedBytesLimit {@code --store.grpc.downloaded-bytes-limit}: bytes of postings, series and chunks one
 *     series request may read from the bucket; 0 for no limit
 * @param lazyIndexHeader {@code --store.enable-index-header-lazy-reader}: build and map index-headers on first use
 * @param indexHeaderIdleTimeout {@code --store.index-header-lazy-reader-idle-timeout}; zero never unmaps
 * @param minTime {@code --min-time}, also clamps what {@link BucketStore#info()} announces
 * @param maxTime {@code --max-time}
 * @param chunkCacheSize {@code --store.chunk-cache-size}: bytes of chunk segment subranges kept in memory across
 *     requests ({@link ChunkCache}), capped at a quarter of the max heap; 0 for none (Thanos's default: chunks are read from the bucket every time)
 */
public record BucketStoreConfig(Path dataDir, int blockSyncConcurrency, long indexCacheSize, long chunkPoolSize,
        int seriesMaxConcurrency, long requestSeriesLimit, long requestSamplesLimit, long downloadedBytesLimit,
        boolean lazyIndexHeader,
        Duration indexHeaderIdleTimeout, TimeOrDuration minTime, TimeOrDuration maxTime, long chunkCacheSize) {

    /** Without a chunk cache. */
    public BucketStoreConfig(Path dataDir, int blockSyncConcurrency, long indexCacheSize, long chunkPoolSize,
            int seriesMaxConcurrency, long requestSeriesLimit, long requestSamplesLimit, long downloadedBytesLimit,
            boolean lazyIndexHeader, Duration indexHeaderIdleTimeout, TimeOrDuration minTime, TimeOrDuration maxTime) {
        this(dataDir, blockSyncConcurrency, indexCacheSize, chunkPoolSize, seriesMaxConcurrency, requestSeriesLimit,
                requestSamplesLimit, downloadedBytesLimit, lazyIndexHeader, indexHeaderIdleTimeout, minTime, maxTime, 0);
    }

    /** Thanos's defaults under {@code dataDir}, with lazy index-headers and no chunk cache. */
    public static BucketStoreConfig defaults(Path dataDir) {
        return new BucketStoreConfig(dataDir, 20, 250L << 20, 2L << 30, 20, 0, 0, 0, true, Duration.ofMinutes(5),
                TimeOrDuration.MIN, TimeOrDuration.MAX, 0);
    }

    public BucketStoreConfig withChunkPoolSize(long bytes) {
        return new BucketStoreConfig(dataDir, blockSyncConcurrency, indexCacheSize, bytes, seriesMaxConcurrency,
                requestSeriesLimit, requestSamplesLimit, downloadedBytesLimit, lazyIndexHeader, indexHeaderIdleTimeout, minTime,
                maxTime, chunkCacheSize);
    }

    public BucketStoreConfig withLimits(long series, long samples) {
        return new BucketStoreConfig(dataDir, blockSyncConcurrency, indexCacheSize, chunkPoolSize, seriesMaxConcurrency,
                series, samples, downloadedBytesLimit, lazyIndexHeader, indexHeaderIdleTimeout, minTime, maxTime,
                chunkCacheSize);
    }

    public BucketStoreConfig withDownloadedBytesLimit(long bytes) {
        return new BucketStoreConfig(dataDir, blockSyncConcurrency, indexCacheSize, chunkPoolSize, seriesMaxConcurrency,
                requestSeriesLimit, requestSamplesLimit, bytes, lazyIndexHeader, indexHeaderIdleTimeout, minTime, maxTime,
                chunkCacheSize);
    }

    public BucketStoreConfig withLazyIndexHeader(boolean lazy) {
        return new BucketStoreConfig(dataDir, blockSyncConcurrency, indexCacheSize, chunkPoolSize, seriesMaxConcurrency,
                requestSeriesLimit, requestSamplesLimit, downloadedBytesLimit, lazy, indexHeaderIdleTimeout, minTime, maxTime,
                chunkCacheSize);
    }

    public BucketStoreConfig withChunkCacheSize(long bytes) {
        return new BucketStoreConfig(dataDir, blockSyncConcurrency, indexCacheSize, chunkPoolSize, seriesMaxConcurrency,
                requestSeriesLimit, requestSamplesLimit, downloadedBytesLimit, lazyIndexHeader, indexHeaderIdleTimeout, minTime,
                maxTime, bytes);
    }
}
