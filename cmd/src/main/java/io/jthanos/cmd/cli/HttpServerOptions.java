package io.jthanos.cmd.cli;

import io.jthanos.store.grpc.tls.ServerTls;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** HTTP server flags of every long-running Thanos component. */
public final class HttpServerOptions {

  static final List<String> UNSUPPORTED = List.of();

  @Option(names = "--http-address", defaultValue = "0.0.0.0:10902", description = "Listen host:port for HTTP endpoints.")
  public String address;

  @Option(names = "--http-grace-period", defaultValue = "2m", converter = Converters.DurationConverter.class,
      description = "Time to wait after an interrupt received for HTTP Server.")
  public Duration gracePeriod;

  @Option(names = "--http.config", defaultValue = "",
      description = "[EXPERIMENTAL] Path to the configuration file that can enable TLS or authentication for all HTTP endpoints.")
  public String config;

  /** The HTTP server's TLS from {@code --http.config}. */
  public ServerTls tls() {
    return WebConfig.tls(config);
  }
}
