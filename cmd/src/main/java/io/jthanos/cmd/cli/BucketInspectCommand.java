package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thanos tools bucket inspect}: placeholder until the block metadata reader exists. */
@Command(name = "inspect", description = "Inspect all blocks in the bucket in detailed, table-like way.")
final class BucketInspectCommand extends BucketToolCommand {

  @Option(names = {"-l", "--selector"}, paramLabel = "<name>=\"<value>\"", description = "Selects blocks based on label (repeatable).")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--sort-by", description = "Sort by columns (repeatable).")
  List<String> sortBy = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "5m", converter = Converters.DurationConverter.class, description = "Timeout to download metadata from remote storage.")
  Duration timeout;

  @Option(names = "--output", defaultValue = "table", description = "Output format for result. Currently supports table, cvs, tsv.")
  String output;
}
