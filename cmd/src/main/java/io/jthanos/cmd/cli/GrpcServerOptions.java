package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** gRPC server flags of every Thanos component that serves gRPC. */
public final class GrpcServerOptions {

  static final List<String> UNSUPPORTED =
      List.of("--grpc-server-tls-cert", "--grpc-server-tls-key", "--grpc-server-tls-client-ca",
          "--grpc-server-tls-min-version");

  @Option(names = "--grpc-address", defaultValue = "0.0.0.0:10901",
      description = "Listen ip:port address for gRPC endpoints (StoreAPI).")
  public String address;

  @Option(names = "--grpc-grace-period", defaultValue = "2m", converter = Converters.DurationConverter.class,
      description = "Time to wait after an interrupt received for GRPC Server.")
  public Duration gracePeriod;

  @Option(names = "--grpc-server-max-connection-age", defaultValue = "60m", converter = Converters.DurationConverter.class,
      description = "The grpc server max connection age.")
  public Duration maxConnectionAge;
}
