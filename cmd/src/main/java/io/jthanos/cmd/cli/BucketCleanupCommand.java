package io.jthanos.cmd.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket cleanup}: placeholder. */
@Command(name = "cleanup", description = "Cleans up all blocks marked for deletion.")
final class BucketCleanupCommand extends BucketToolCommand {

  @Option(names = "--delete-delay", defaultValue = "48h", converter = Converters.DurationConverter.class, description = "Time before a block marked for deletion is deleted from bucket.")
  Duration deleteDelay;

  @Option(names = "--consistency-delay", defaultValue = "30m", converter = Converters.DurationConverter.class, description = "Minimum age of fresh (non-compacted) blocks before they are being processed.")
  Duration consistencyDelay;

  @Option(names = "--block-sync-concurrency", defaultValue = "20", description = "Number of goroutines to use when syncing block metadata from object storage.")
  int blockSyncConcurrency;
}
