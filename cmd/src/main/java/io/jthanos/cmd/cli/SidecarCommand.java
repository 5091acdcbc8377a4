package io.jthanos.cmd.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code thanos sidecar}: a Thanos component jthanos does not provide yet; it says so and exits 1. */
@Command(name = "sidecar", description = "Sidecar for Prometheus server (not implemented yet by jthanos).")
final class SidecarCommand extends ComponentCommand {
  @Override
  protected void validate() {}

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of();
  }
}
