package io.jthanos.cmd.cli;

import picocli.CommandLine.Command;

/** {@code thanos tools}: bucket and TSDB utilities; needs a subcommand. */
@Command(name = "tools", description = "Tools utility commands.",
    subcommands = {BucketCommand.class, TsdbCommand.class, RulesCheckCommand.class})
final class ToolsCommand extends ParentCommand {}
