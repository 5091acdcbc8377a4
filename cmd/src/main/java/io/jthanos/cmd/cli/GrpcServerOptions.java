package io.jthanos.cmd.cli;

import io.jthanos.store.grpc.tls.ServerTls;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** gRPC server flags of every Thanos component that serves gRPC. */
public final class GrpcServerOptions {

  static final List<String> UNSUPPORTED = List.of();

  @Option(names = "--grpc-address", defaultValue = "0.0.0.0:10901",
      description = "Listen ip:port address for gRPC endpoints (StoreAPI).")
  public String address;

  @Option(names = "--grpc-grace-period", defaultValue = "2m", converter = Converters.DurationConverter.class,
      description = "Time to wait after an interrupt received for GRPC Server.")
  public Duration gracePeriod;

  @Option(names = "--grpc-server-max-connection-age", defaultValue = "60m", converter = Converters.DurationConverter.class,
      description = "The grpc server max connection age.")
  public Duration maxConnectionAge;

  @Option(names = "--grpc-server-tls-cert", defaultValue = "",
      description = "TLS Certificate for gRPC server, leave blank to disable TLS")
  public String tlsCert;

  @Option(names = "--grpc-server-tls-key", defaultValue = "", description = "TLS Key for the gRPC server, leave blank to disable TLS")
  public String tlsKey;

  @Option(names = "--grpc-server-tls-client-ca", defaultValue = "",
      description = "TLS CA to verify clients against. If no client CA is specified, there is no client verification on server side. (tls.NoClientCert)")
  public String tlsClientCa;

  @Option(names = "--grpc-server-tls-min-version", defaultValue = ServerTls.DEFAULT_MIN_VERSION,
      description = "TLS supported minimum version for gRPC server. If no version is specified, it'll default to 1.3. Allowed values: [\"1.0\", \"1.1\", \"1.2\", \"1.3\"]")
  public String tlsMinVersion;

  /** The server's TLS from the flags. */
  public ServerTls tls() {
    return TlsFlags.server("--grpc-server-tls", tlsCert, tlsKey, tlsClientCa, tlsMinVersion);
  }
}
