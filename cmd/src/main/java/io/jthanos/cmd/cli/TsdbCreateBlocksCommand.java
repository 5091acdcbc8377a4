package io.jthanos.cmd.cli;

import picocli.CommandLine.Command;

/** {@code thanos tools tsdb create-blocks-from}: groups the importers by input format. */
@Command(name = "create-blocks-from", description = "Create blocks of data for new recording rules or from other formats.",
    subcommands = {TsdbCreateBlocksFromOpenMetricsCommand.class})
final class TsdbCreateBlocksCommand extends ParentCommand {}
