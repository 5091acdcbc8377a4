package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** HTTP server flags of every long-running Thanos component. */
public final class HttpServerOptions {

  static final List<String> UNSUPPORTED = List.of("--http.config");

  @Option(names = "--http-address", defaultValue = "0.0.0.0:10902", description = "Listen host:port for HTTP endpoints.")
  public String address;

  @Option(names = "--http-grace-period", defaultValue = "2m", converter = Converters.DurationConverter.class,
      description = "Time to wait after an interrupt received for HTTP Server.")
  public Duration gracePeriod;
}
