package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Mixin;

/** Base of {@code tools bucket} subcommands: logging plus the bucket configuration. */
abstract class BucketToolCommand extends ComponentCommand {

  @Mixin ObjstoreOptions objstore;

  @Override
  protected void validate() {
    if (objstore.configYaml() == null) {
      throw new UserError("no bucket configured: set --objstore.config-file or --objstore.config");
    }
  }

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of();
  }
}
