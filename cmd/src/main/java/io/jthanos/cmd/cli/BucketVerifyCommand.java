package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket verify}: placeholder. */
@Command(name = "verify", description = "Verify all blocks in the bucket against specified issues.")
final class BucketVerifyCommand extends BucketToolCommand {

  @Option(names = {"-r", "--repair"}, negatable = true, defaultValue = "false", description = "Attempt to repair blocks for which issues were detected.")
  boolean repair;

  @Option(names = {"-i", "--issues"}, description = "Issues to verify (and optionally repair) (repeatable).")
  List<String> issues = new ArrayList<>(List.of("index_known_issues", "overlapped_blocks"));

  @Option(names = "--id", description = "Block IDs to verify (and optionally repair) only (repeatable).")
  List<String> ids = new ArrayList<>();

  @Option(names = "--delete-delay", defaultValue = "0s", converter = Converters.DurationConverter.class, description = "Duration after which blocks marked for deletion would be deleted permanently from source bucket by compactor component.")
  Duration deleteDelay;

  @Override
  public java.util.List<java.util.List<String>> unsupportedFlagGroups() {
    return List.of(List.of("--objstore-backup.config-file", "--objstore-backup.config"));
  }
}
