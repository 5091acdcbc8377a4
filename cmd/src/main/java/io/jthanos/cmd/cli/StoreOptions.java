package io.jthanos.cmd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos store} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class StoreOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--index-cache.config-file", "--index-cache.config", "--store.caching-bucket.config-file",
      "--store.caching-bucket.config", "--selector.relabel-config-file", "--selector.relabel-config",
      "--[no-]web.disable", "--web.external-prefix", "--web.prefix-header", "--[no-]web.disable-cors",
      "--bucket-web-label", "--[no-]store.enable-lazy-expanded-postings",
      "--store.posting-group-max-key-series-ratio", "--store.index-header-lazy-download-strategy",
      "--store.index-header-lazy-reader-idle-timeout", "--matcher-cache-size", "--[no-]disable-admin-operations",
      "--block-discovery-strategy", "--store.grpc.series-sample-limit", "--store.grpc.touched-series-limit",
      "--request.logging-config-file", "--request.logging-config", "--debug.series-batch-size",
      "--debug.estimated-max-series-size", "--debug.estimated-max-chunk-size",
      "--store.index-header-posting-offsets-in-mem-sampling", "--min-time", "--max-time");

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

  @Option(names = "--chunk-pool-size", defaultValue = "2GB", converter = Converters.ByteSizeConverter.class,
      description = "Maximum size of concurrently allocatable bytes reserved strictly to reuse for chunks in memory.")
  public long chunkPoolSize;

  @Option(names = "--store.grpc.series-max-concurrency", defaultValue = "20", description = "Maximum number of concurrent Series calls.")
  public int seriesMaxConcurrency;

  @Option(names = "--store.grpc.downloaded-bytes-limit", defaultValue = "0", converter = Converters.ByteSizeConverter.class,
      description = "Maximum amount of downloaded bytes in a single Series/LabelNames/LabelValues call. 0 means no limit.")
  public long downloadedBytesLimit;

  @Option(names = "--store.limits.request-series", defaultValue = "0",
      description = "The maximum series allowed for a single Series request. 0 means no limit.")
  public long requestSeriesLimit;

  @Option(names = "--store.limits.request-samples", defaultValue = "0",
      description = "The maximum samples allowed for a single Series request. 0 means no limit.")
  public long requestSamplesLimit;

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

  @Option(names = "--store.enable-index-header-lazy-reader", negatable = true, defaultValue = "false",
      description = "Lazily memory-map index-headers only once a query needs the block.")
  public boolean indexHeaderLazyReader;

  void validate() {
    if (blockSyncConcurrency < 1) {
      throw new UserError("--block-sync-concurrency must be at least 1, got " + blockSyncConcurrency);
    }
  }
}
