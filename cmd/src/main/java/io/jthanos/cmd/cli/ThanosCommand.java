package io.jthanos.cmd.cli;

import io.jthanos.cmd.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/** The root command: {@code thanos [--help|--version] <component> [flags]}. */
@Command(
    name = "thanos",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = ThanosCommand.Version.class,
    usageHelpAutoWidth = true,
    showDefaultValues = true,
    abbreviateSynopsis = true,
    description = "A block storage based long-term storage for Prometheus (jthanos, a Java implementation of Thanos).",
    subcommands = {ReceiveCommand.class, StoreCommand.class, QueryCommand.class, CompactCommand.class,
        RuleCommand.class, ToolsCommand.class, SidecarCommand.class, QueryFrontendCommand.class,
        AllInOneCommand.class})
final class ThanosCommand extends ParentCommand {

  /** Prints {@link BuildInfo#versionText()}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildInfo.current().versionText().split("\n");
    }
  }
}
