package io.jthanos.cmd.cli;

import picocli.CommandLine.Command;

/** {@code thanos tools bucket}: bucket utilities. */
@Command(name = "bucket", description = "Bucket utility commands.",
    subcommands = {BucketLsCommand.class, BucketInspectCommand.class, BucketVerifyCommand.class,
        BucketMarkCommand.class, BucketCleanupCommand.class})
final class BucketCommand extends ParentCommand {}
