package io.jthanos.cmd.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket mark}: placeholder. */
@Command(name = "mark", description = "Mark block for deletion or no-compact in a safe way.")
final class BucketMarkCommand extends BucketToolCommand {

  @Option(names = "--id", required = true, description = "ID (ULID) of the blocks to be marked (repeatable).")
  List<String> ids = new ArrayList<>();

  @Option(names = "--marker", required = true, description = "Marker to be put: deletion-mark.json, no-compact-mark.json, no-downsample-mark.json.")
  String marker;

  @Option(names = "--details", defaultValue = "", description = "Human readable details to be put into marker.")
  String details;

  @Option(names = "--remove", negatable = true, defaultValue = "false", description = "Remove the marker.")
  boolean remove;

  @Override
  protected void validate() {
    super.validate();
    if (!List.of("deletion-mark.json", "no-compact-mark.json", "no-downsample-mark.json").contains(marker)) {
      throw new UserError("--marker must be one of deletion-mark.json, no-compact-mark.json, no-downsample-mark.json, got \"" + marker + "\"");
    }
  }
}
