package io.jthanos.cmd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thanos tools bucket ls}: list all blocks in the bucket. Placeholder: the listing is wired
 * once the objstore module lands ({@link #run()} still reports "not implemented yet").
 */
@Command(name = "ls", description = "List all blocks in the bucket.")
final class BucketLsCommand extends BucketToolCommand {

  @Option(names = {"-o", "--output"}, defaultValue = "", description = "Optional format in which to print each block's information. Options are 'json', 'wide' or a custom template.")
  String output;

  @Option(names = "--exclude-delete", negatable = true, defaultValue = "false", description = "Exclude blocks marked for deletion.")
  boolean excludeDelete;
}
