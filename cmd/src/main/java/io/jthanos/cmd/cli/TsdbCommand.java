package io.jthanos.cmd.cli;

import picocli.CommandLine.Command;

/** {@code thanos tools tsdb}: local TSDB utilities, shaped like promtool's {@code tsdb} commands. */
@Command(name = "tsdb", description = "Local TSDB utilities (the same shape as promtool's).",
    subcommands = {TsdbCreateBlocksCommand.class, TsdbDumpCommand.class, TsdbListCommand.class})
final class TsdbCommand extends ParentCommand {}
