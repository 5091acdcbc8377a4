package io.jthanos.cmd.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Thanos flags that jthanos knows but does not implement yet. They are declared (hidden) so that
 * picocli parses them, then {@link #check} rejects any that was given with "flag --x is not
 * supported yet by jthanos &lt;command&gt;" (exit code 2), instead of silently ignoring it or
 * calling it unknown. Names written {@code --[no-]x} are boolean flags that also accept {@code --no-x}.
 */
final class UnsupportedFlags {

  /** Implemented by commands that know Thanos flags they do not support yet. */
  interface Declaring {
    /** Flag names, {@code --[no-]name} for booleans. */
    List<String> unsupportedFlags();
  }

  private final Set<OptionSpec> unsupported = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Declares the unsupported flags of {@code commandLine} and all its subcommands. */
  void declare(CommandLine commandLine) {
    if (commandLine.getCommand() instanceof Declaring declaring) {
      for (String flag : declaring.unsupportedFlags()) {
        declare(commandLine.getCommandSpec(), flag);
      }
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      declare(sub);
    }
  }

  private void declare(CommandSpec spec, String flag) {
    List<String> names = new ArrayList<>();
    if (flag.startsWith("--[no-]")) {
      String name = flag.substring("--[no-]".length());
      names.add("--" + name);
      names.add("--no-" + name);
    } else {
      names.add(flag);
    }
    OptionSpec option =
        OptionSpec.builder(names.toArray(String[]::new))
            .arity("0..1")
            .type(String.class)
            .hidden(true)
            .description("Not supported yet by jthanos.")
            .build();
    spec.addOption(option);
    unsupported.add(option);
  }

  /**
   * Rejects the first unsupported flag present on any command of the parse chain.
   *
   * @throws ParameterException naming the flag and the command
   */
  void check(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      for (OptionSpec matched : level.matchedOptions()) {
        if (unsupported.contains(matched)) {
          String command = "j" + level.commandSpec().qualifiedName(" ");
          throw new ParameterException(
              level.commandSpec().commandLine(),
              "flag " + matched.names()[0] + " is not supported yet by " + command);
        }
      }
    }
  }
}
