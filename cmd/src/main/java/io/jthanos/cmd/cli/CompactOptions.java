package io.jthanos.cmd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of {@code thanos compact} (Thanos v0.42) that jthanos models; defaults as in Thanos. */
public final class CompactOptions {

  static final List<String> UNSUPPORTED = List.of(
      "--selector.relabel-config-file", "--selector.relabel-config", "--[no-]web.disable", "--web.route-prefix",
      "--web.external-prefix", "--web.prefix-header", "--[no-]web.disable-cors", "--bucket-web-label",
      "--block-viewer.global.sync-block-interval", "--block-viewer.global.sync-block-timeout",
      "--[no-]compact.skip-block-with-out-of-order-chunks", "--hash-func",
      "--[no-]disable-admin-operations", "--block-discovery-strategy",
      "--debug.max-compaction-level", "--compact.block-max-index-size", "--[no-]debug.accept-malformed-index");

  @Option(names = {"-w", "--wait"}, negatable = true, defaultValue = "false",
      description = "Do not exit after all compactions have been processed and wait for new work.")
  public boolean waitForWork;

  @Option(names = "--wait-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "Wait interval between consecutive compaction runs and bucket refreshes. Only works when --wait flag specified.")
  public Duration waitInterval;

  @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory in which to cache blocks and process compactions.")
  public Path dataDir;

  @Option(names = "--consistency-delay", defaultValue = "30m", converter = Converters.DurationConverter.class,
      description = "Minimum age of fresh (non-compacted) blocks before they are being processed.")
  public Duration consistencyDelay;

  @Option(names = "--retention.resolution-raw", defaultValue = "0d", converter = Converters.DurationConverter.class,
      description = "How long to retain raw samples in bucket. 0d - disables this retention.")
  public Duration retentionRaw;

  @Option(names = "--retention.resolution-5m", defaultValue = "0d", converter = Converters.DurationConverter.class,
      description = "How long to retain samples of resolution 1 (5 minutes) in bucket. 0d - disables this retention.")
  public Duration retention5m;

  @Option(names = "--retention.resolution-1h", defaultValue = "0d", converter = Converters.DurationConverter.class,
      description = "How long to retain samples of resolution 2 (1 hour) in bucket. 0d - disables this retention.")
  public Duration retention1h;

  @Option(names = "--delete-delay", defaultValue = "48h", converter = Converters.DurationConverter.class,
      description = "Time before a block marked for deletion is deleted from bucket.")
  public Duration deleteDelay;

  @Option(names = "--downsampling.disable", negatable = true, defaultValue = "false",
      description = "Disables downsampling.")
  public boolean downsamplingDisabled;

  @Option(names = "--downsample.concurrency", defaultValue = "1", description = "Number of goroutines to use when downsampling blocks.")
  public int downsampleConcurrency;

  @Option(names = "--compact.concurrency", defaultValue = "1", description = "Number of goroutines to use when compacting groups.")
  public int compactConcurrency;

  @Option(names = "--compact.cleanup-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "How often we should clean up partially uploaded blocks and blocks with deletion mark in the background when --wait has been enabled.")
  public Duration cleanupInterval;

  @Option(names = "--deduplication.replica-label", description = "Label to treat as a replica indicator of blocks that can be deduplicated (repeatable).")
  public List<String> deduplicationReplicaLabels = new ArrayList<>();

  @Option(names = "--compact.enable-vertical-compaction", negatable = true, defaultValue = "false", hidden = true,
      description = "Experimental. When set to true, compactor will allow overlaps and perform **irreversible** vertical compaction.")
  public boolean enableVerticalCompaction;

  @Option(names = "--deduplication.func", defaultValue = "",
      description = "Experimental. Deduplication algorithm for merging overlapping blocks. Possible values are: \"\", \"penalty\".")
  public String deduplicationFunc;

  @Option(names = "--min-time", defaultValue = "0000-01-01T00:00:00Z",
      description = "Start of time range limit to compact. Thanos Compactor will compact only blocks, which happened later than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m.")
  public String minTime;

  @Option(names = "--max-time", defaultValue = "9999-12-31T23:59:59Z",
      description = "End of time range limit to compact. Thanos Compactor will compact only blocks, which happened earlier than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m.")
  public String maxTime;

  @Option(names = "--block-files-concurrency", defaultValue = "1",
      description = "Number of goroutines to use when fetching/uploading block files from object storage.")
  public int blockFilesConcurrency;

  @Option(names = "--block-meta-fetch-concurrency", defaultValue = "32",
      description = "Number of goroutines to use when fetching block metadata from object storage.")
  public int blockMetaFetchConcurrency;

  @Option(names = "--compact.blocks-fetch-concurrency", defaultValue = "1",
      description = "Number of goroutines to use when download block during compaction.")
  public int blocksFetchConcurrency;

  @Option(names = "--compact.progress-interval", defaultValue = "5m", converter = Converters.DurationConverter.class,
      description = "Frequency of calculating the compaction progress in the background when --wait has been enabled. Setting it to \"0s\" disables it.")
  public Duration progressInterval;

  @Option(names = "--no-debug.halt-on-error", negatable = true, defaultValue = "true", hidden = true,
      description = "Halt the process if a critical compaction error is detected.")
  public boolean haltOnError;

  void validate() {
    if (compactConcurrency < 1 || downsampleConcurrency < 1) {
      throw new UserError("--compact.concurrency and --downsample.concurrency must be at least 1");
    }
    if (!deduplicationFunc.isEmpty() && !deduplicationFunc.equals("penalty")) {
      throw new UserError("--deduplication.func must be \"\" or \"penalty\", got \"" + deduplicationFunc + "\"");
    }
    if (blockMetaFetchConcurrency < 1) {
      throw new UserError("--block-meta-fetch-concurrency must be at least 1");
    }
  }
}
