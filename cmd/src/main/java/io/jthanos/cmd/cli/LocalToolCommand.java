package io.jthanos.cmd.cli;

import java.io.PrintStream;
import java.util.List;

/** Base of commands that work on local files only: logging flags, no component flags. */
abstract class LocalToolCommand extends ComponentCommand {

  @Override
  protected void validate() {}

  @Override
  protected List<List<String>> unsupportedFlagGroups() {
    return List.of();
  }

  /** Standard output as a byte stream (the library tools write {@link PrintStream}s), not closing it. */
  protected final PrintStream stdout() {
    return new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), false, java.nio.charset.StandardCharsets.UTF_8);
  }
}
