package io.jthanos.cmd.cli;

import io.jthanos.cmd.logging.LogFormat;
import io.jthanos.cmd.logging.LogLevel;
import io.jthanos.cmd.tracing.Tracing;
import io.jthanos.cmd.tracing.TracingConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --log.*} and {@code --tracing.*} flags every Thanos command has. */
public final class LoggingOptions {

  @Option(names = "--log.level", defaultValue = "info", description = "Log filtering level: ${COMPLETION-CANDIDATES}.")
  public LogLevel level;

  @Option(names = "--log.format", defaultValue = "logfmt", description = "Log format to use: ${COMPLETION-CANDIDATES}.")
  public LogFormat format;

  @Option(names = "--tracing.config-file", paramLabel = "<file-path>",
      description = "Path to YAML file with tracing configuration (type JAEGER or OTLP), as Thanos's.")
  public Path tracingConfigFile;

  @Option(names = "--tracing.config", paramLabel = "<content>",
      description = "Alternative to 'tracing.config-file' flag (mutually exclusive). Content of YAML file with tracing configuration.")
  public String tracingConfig;

  /** The tracing the flags configure; disabled when neither is set. */
  public Tracing tracing() {
    String yaml = ConfigFlags.content("tracing.config", tracingConfigFile, tracingConfig);
    try {
      return TracingConfig.load(yaml, ConfigFlags.source("tracing.config", tracingConfigFile));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
