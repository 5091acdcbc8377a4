package io.jthanos.cmd.cli;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.RunLast;

/**
 * Builds the {@code thanos} command line: subcommands, unsupported-flag rejection, and error
 * handling that prints one line and no stack trace for user errors.
 *
 * <p>Exit codes: 0 success, 1 runtime or user error (bad config, missing file, component not
 * implemented), 2 invalid command line (unknown or unsupported flag, bad flag value).
 */
public final class Cli {

  private Cli() {}

  /** Parses and runs {@code args}, printing to {@code out}/{@code err}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return create(out, err).execute(args);
  }

  /**
   * Parses {@code args} and validates them as the command would before it starts (flag values, config
   * files, unsupported flags), without running anything: for checking deployment manifests.
   *
   * @throws CommandLine.ParameterException for an unknown, unsupported or malformed flag
   * @throws UserError for a value the command's validation rejects
   */
  static void dryRun(String... args) {
    CommandLine commandLine = commandLine(new ThanosCommand());
    UnsupportedFlags unsupported = new UnsupportedFlags();
    unsupported.declare(commandLine);
    CommandLine.ParseResult result = commandLine.parseArgs(args);
    unsupported.check(result);
    CommandLine.ParseResult leaf = result;
    boolean help = result.isUsageHelpRequested();
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
      help |= leaf.isUsageHelpRequested();
    }
    if (!help && leaf.commandSpec().userObject() instanceof ComponentCommand command) {
      command.validate();
    }
  }

  /**
   * A command line for {@code command} whose negatable flags also have their dotted forms: Thanos's
   * {@code --debug.halt-on-error}/{@code --no-debug.halt-on-error}, which picocli's default patterns (word
   * characters and dashes only) do not negate.
   */
  static CommandLine commandLine(Object command) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setNegatableOptionTransformer(new CommandLine.RegexTransformer.Builder(
        CommandLine.RegexTransformer.createDefault())
        .addPattern("^--no-(\\w[\\w.-]*)$", "--$1", "--[no-]$1")
        .addPattern("^--(\\w[\\w.-]*)$", "--no-$1", "--[no-]$1")
        .build());
    return commandLine;
  }

  static CommandLine create(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(new ThanosCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    UnsupportedFlags unsupported = new UnsupportedFlags();
    unsupported.declare(commandLine);
    commandLine.setExecutionStrategy(parseResult -> {
      unsupported.check(parseResult);
      return new RunLast().execute(parseResult);
    });
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      e.getCommandLine().getErr().println("thanos: error: " + e.getMessage());
      e.getCommandLine().getErr().flush();
      return 2;
    });
    commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      String command = "j" + cmd.getCommandSpec().qualifiedName(" ");
      if (e instanceof UserError) {
        cmd.getErr().println(command + ": " + e.getMessage());
      } else {
        LoggerFactory.getLogger(Cli.class).atError().setCause(e).log(command + " command failed");
        cmd.getErr().println(command + ": " + e);
      }
      cmd.getErr().flush();
      return 1;
    });
    return commandLine;
  }
}
