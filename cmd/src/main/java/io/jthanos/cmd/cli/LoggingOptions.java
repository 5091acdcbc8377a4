package io.jthanos.cmd.cli;

import io.jthanos.cmd.logging.LogFormat;
import io.jthanos.cmd.logging.LogLevel;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --log.*} flags every Thanos command has. */
public final class LoggingOptions {

  /** Known Thanos flags of this group that jthanos does not implement yet. */
  static final List<String> UNSUPPORTED = List.of("--tracing.config-file", "--tracing.config");

  @Option(names = "--log.level", defaultValue = "info", description = "Log filtering level: ${COMPLETION-CANDIDATES}.")
  public LogLevel level;

  @Option(names = "--log.format", defaultValue = "logfmt", description = "Log format to use: ${COMPLETION-CANDIDATES}.")
  public LogFormat format;
}
