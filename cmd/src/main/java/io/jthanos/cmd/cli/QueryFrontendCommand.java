package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code thanos query-frontend}: a Thanos component jthanos does not provide yet; it says so and exits 1. */
@Command(name = "query-frontend", description = "Query frontend for Thanos (not implemented yet by jthanos).")
final class QueryFrontendCommand extends ComponentCommand {
  @Override
  protected void validate() {}

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of();
  }
}
