package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code thanos tools tsdb}: placeholder for local TSDB utilities (list, analyze, dump). */
@Command(name = "tsdb", description = "Local TSDB utilities (not implemented yet).")
final class TsdbCommand extends ComponentCommand {

  @Override
  protected void validate() {}

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of();
  }
}
