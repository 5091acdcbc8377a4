package io.jthanos.cmd.cli;

import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.gateway.StoreCaches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos store} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class StoreOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--[no-]web.disable", "--web.external-prefix", "--web.prefix-header", "--[no-]web.disable-cors",
      "--bucket-web-label", "--[no-]store.enable-lazy-expanded-postings",
      "--store.posting-group-max-key-series-ratio", "--store.index-header-lazy-download-strategy",
      "--matcher-cache-size", "--[no-]disable-admin-operations",
      "--request.logging-config-file", "--request.logging-config", "--debug.series-batch-size",
      "--debug.estimated-max-series-size", "--debug.estimated-max-chunk-size",
      "--store.index-header-posting-offsets-in-mem-sampling");

  @Option(names = "--data-dir", defaultValue = "./data",
      description = "Local data directory used for caching purposes (index-header, in-mem cache items and meta.jsons).")
  public Path dataDir;

  // picocli: a default-true negatable flag is declared by its negative name; --cache-index-header sets it back.
  @Option(names = "--no-cache-index-header", negatable = true, defaultValue = "true",
      description = "Cache TSDB index-headers on disk to reduce startup time.")
  public boolean cacheIndexHeader;

  @Option(names = "--index-cache-size", defaultValue = "250MB", converter = Converters.ByteSizeConverter.class,
      description = "Maximum size of items held in the in-memory index cache.")
  public long indexCacheSize;

  @Option(names = "--index-cache.config-file", paramLabel = "<file-path>",
      description = "Path to YAML file that contains index cache configuration. See format details: https://thanos.io/tip/components/store.md/#index-cache")
  public java.nio.file.Path indexCacheConfigFile;

  @Option(names = "--index-cache.config", paramLabel = "<content>",
      description = "Alternative to 'index-cache.config-file' flag (mutually exclusive). Content of YAML file that contains index cache configuration.")
  public String indexCacheConfig;

  @Option(names = "--store.caching-bucket.config-file", paramLabel = "<file-path>",
      description = "Path to YAML file that contains configuration for caching bucket. Experimental feature, with high risk of changes. See format details: https://thanos.io/tip/components/store.md/#caching-bucket")
  public Path cachingBucketConfigFile;

  @Option(names = "--store.caching-bucket.config", paramLabel = "<content>",
      description = "Alternative to 'store.caching-bucket.config-file' flag (mutually exclusive). Content of YAML file that contains configuration for caching bucket. Experimental feature, with high risk of changes. See format details: https://thanos.io/tip/components/store.md/#caching-bucket")
  public String cachingBucketConfig;

  /**
   * The caches: {@code --index-cache.config[-file]}, else an in-memory index cache of {@code --index-cache-size};
   * {@code --store.caching-bucket.config[-file]}, else an in-memory chunk cache of {@code --store.chunk-cache-size}.
   *
   * @throws UserError naming the flag or file and what in it is wrong
   */
  StoreCaches caches() {
    StoreCaches defaults = StoreCaches.inMemory(indexCacheSize, chunkCacheSize);
    String index = ConfigFlags.content("index-cache.config", indexCacheConfigFile, indexCacheConfig);
    String bucket = ConfigFlags.content("store.caching-bucket.config", cachingBucketConfigFile, cachingBucketConfig);
    return new StoreCaches(
        index == null ? defaults.index()
            : IndexCacheConfig.parse(index, ConfigFlags.source("index-cache.config", indexCacheConfigFile)),
        bucket == null ? defaults.chunks()
            : CachingBucketConfig.parse(bucket, ConfigFlags.source("store.caching-bucket.config", cachingBucketConfigFile)));
  }

  @Option(names = "--chunk-pool-size", defaultValue = "2GB", converter = Converters.ByteSizeConverter.class,
      description = "Maximum size of concurrently allocatable bytes reserved strictly to reuse for chunks in memory.")
  public long chunkPoolSize;

  // jthanos's own flag: Thanos caches chunks only through --store.caching-bucket.config (none by default), which
  // replaces this in-memory cache when given.
  @Option(names = "--store.chunk-cache-size", defaultValue = "256MB", converter = Converters.ByteSizeConverter.class,
      description = "Maximum size of chunk bytes (16,000-byte subranges of chunk segments) kept in memory across "
          + "requests, so warm queries do not read them from the bucket again; at most a quarter of the max heap. "
          + "0 disables the cache.")
  public long chunkCacheSize;

  @Option(names = "--store.grpc.series-max-concurrency", defaultValue = "20", description = "Maximum number of concurrent Series calls.")
  public int seriesMaxConcurrency;

  @Option(names = "--store.grpc.downloaded-bytes-limit", defaultValue = "0", converter = Converters.ByteSizeConverter.class,
      description = "Maximum amount of downloaded bytes in a single Series/LabelNames/LabelValues call. 0 means no limit.")
  public long downloadedBytesLimit;

  @Option(names = "--store.grpc.touched-series-limit", defaultValue = "0",
      description = "DEPRECATED: use store.limits.request-series.")
  public long deprecatedTouchedSeriesLimit;

  @Option(names = "--store.grpc.series-sample-limit", defaultValue = "0",
      description = "DEPRECATED: use store.limits.request-samples.")
  public long deprecatedSeriesSampleLimit;

  /** {@code limits}, where a limit is unset taken from its deprecated name. */
  public LimitedStoreApi.Limits limits(StoreLimitsOptions limits) {
    return new LimitedStoreApi.Limits(
        limits.requestSeriesLimit != 0 ? limits.requestSeriesLimit : deprecatedTouchedSeriesLimit,
        limits.requestSamplesLimit != 0 ? limits.requestSamplesLimit : deprecatedSeriesSampleLimit);
  }

  @Option(names = "--sync-block-duration", defaultValue = "15m", converter = Converters.DurationConverter.class,
      description = "Repeat interval for syncing the blocks between local and remote view.")
  public Duration syncBlockDuration;

  @Option(names = "--block-sync-concurrency", defaultValue = "20",
      description = "Number of goroutines to use when constructing index-cache.json blocks from object storage.")
  public int blockSyncConcurrency;

  @Option(names = "--block-meta-fetch-concurrency", defaultValue = "32",
      description = "Number of goroutines to use when fetching block metadata from object storage.")
  public int blockMetaFetchConcurrency;

  @Option(names = "--consistency-delay", defaultValue = "0s", converter = Converters.DurationConverter.class,
      description = "Minimum age of all blocks before they are being read.")
  public Duration consistencyDelay;

  @Option(names = "--ignore-deletion-marks-delay", defaultValue = "24h", converter = Converters.DurationConverter.class,
      description = "Duration after which the blocks marked for deletion will be filtered out while fetching blocks.")
  public Duration ignoreDeletionMarksDelay;

  // Thanos defaults to false (every index-header built while loading, so start-up grows with the block count);
  // jthanos defaults to true, as issue 7 asks. --no-store.enable-index-header-lazy-reader restores Thanos's.
  @Option(names = "--store.enable-index-header-lazy-reader", negatable = true, defaultValue = "true",
      description = "Build and memory-map a block's index-header only once a query needs the block, and unmap it when idle"
          + " (default true, unlike Thanos; --no-store.enable-index-header-lazy-reader builds them all while loading).")
  public boolean indexHeaderLazyReader;

  @Option(names = "--store.index-header-lazy-reader-idle-timeout", defaultValue = "5m", hidden = true,
      converter = Converters.DurationConverter.class,
      description = "If index-header lazy reader is enabled and this idle timeout setting is > 0, memory map-ed index-headers will be automatically released after 'idle timeout' inactivity.")
  public Duration indexHeaderIdleTimeout;

  @Option(names = "--block-discovery-strategy", defaultValue = "concurrent",
      description = "One of concurrent, recursive. When set to concurrent, stores list the top-level directories and check each for a meta.json. When set to recursive, stores list the whole bucket once.")
  public String blockDiscoveryStrategy;

  @Option(names = "--min-time", defaultValue = "0000-01-01T00:00:00Z",
      description = "Start of time range limit to serve. Thanos Store will serve only metrics, which happened later than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m. Valid duration units are ms, s, m, h, d, w, y.")
  public String minTime;

  @Option(names = "--max-time", defaultValue = "9999-12-31T23:59:59Z",
      description = "End of time range limit to serve. Thanos Store will serve only blocks, which happened earlier than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m. Valid duration units are ms, s, m, h, d, w, y.")
  public String maxTime;

  @Option(names = "--selector.relabel-config-file", paramLabel = "<file-path>",
      description = "Path to YAML file with relabeling configuration that allows selecting blocks. It follows native Prometheus relabel-config syntax.")
  public Path selectorRelabelConfigFile;

  @Option(names = "--selector.relabel-config", paramLabel = "<content>",
      description = "Alternative to 'selector.relabel-config-file' flag (mutually exclusive). Content of YAML file with relabeling configuration that allows selecting blocks.")
  public String selectorRelabelConfig;

  void validate() {
    if (!blockDiscoveryStrategy.equals("concurrent") && !blockDiscoveryStrategy.equals("recursive")) {
      throw new UserError("--block-discovery-strategy must be concurrent or recursive, got " + blockDiscoveryStrategy);
    }
    if (blockSyncConcurrency < 1) {
      throw new UserError("--block-sync-concurrency must be at least 1, got " + blockSyncConcurrency);
    }
  }
}
