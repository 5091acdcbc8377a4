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
      "--compact.blocks-fetch-concurrency", "--block-files-concurrency", "--block-meta-fetch-concurrency",
      "--compact.progress-interval", "--[no-]compact.skip-block-with-out-of-order-chunks", "--hash-func",
      "--[no-]disable-admin-operations", "--min-time", "--max-time", "--block-discovery-strategy",
      "--debug.max-compaction-level", "--compact.block-max-index-size", "--[no-]debug.accept-malformed-index",
      "--[no-]compact.enable-vertical-compaction", "--deduplication.func");

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

  @Option(names = "--no-debug.halt-on-error", negatable = true, defaultValue = "true", hidden = true,
      description = "Halt the process if a critical compaction error is detected.")
  public boolean haltOnError;

  void validate() {
    if (compactConcurrency < 1 || downsampleConcurrency < 1) {
      throw new UserError("--compact.concurrency and --downsample.concurrency must be at least 1");
    }
  }
}
