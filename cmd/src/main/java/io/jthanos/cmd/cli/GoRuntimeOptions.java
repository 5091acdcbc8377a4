package io.jthanos.cmd.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Go-runtime flags Thanos components accept. They mean nothing to a JVM, so jthanos accepts
 * them (existing manifests keep working) and logs that they have no effect.
 */
public final class GoRuntimeOptions {

  @Option(names = "--enable-auto-gomemlimit", negatable = true, defaultValue = "false",
      description = "Go only: no effect in jthanos (size the JVM heap with JTHANOS_JAVA_OPTS).")
  public boolean enableAutoGoMemLimit;

  @Option(names = "--auto-gomemlimit.ratio", defaultValue = "0.9", description = "Go only: no effect in jthanos.")
  public double autoGoMemLimitRatio;

  /** Logs a warning for each Go-runtime flag that was changed from its default. */
  void warnIfSet() {
    if (enableAutoGoMemLimit || autoGoMemLimitRatio != 0.9) {
      LoggerFactory.getLogger(GoRuntimeOptions.class)
          .warn("--enable-auto-gomemlimit and --auto-gomemlimit.ratio have no effect in jthanos; size the JVM heap instead");
    }
  }
}
