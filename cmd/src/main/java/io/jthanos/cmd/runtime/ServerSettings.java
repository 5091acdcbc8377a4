package io.jthanos.cmd.runtime;

import io.jthanos.store.grpc.tls.ServerTls;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where and how a component's servers listen, from the common Thanos flags.
 *
 * @param httpAddress {@code --http-address}
 * @param httpGracePeriod {@code --http-grace-period}
 * @param grpcAddress {@code --grpc-address}, or {@code null} for components without gRPC (compact)
 * @param grpcGracePeriod {@code --grpc-grace-period}
 * @param grpcMaxConnectionAge {@code --grpc-server-max-connection-age}
 * @param grpcTls {@code --grpc-server-tls-*}
 * @param httpTls {@code --http.config}'s {@code tls_server_config}
 */
public record ServerSettings(
    InetSocketAddress httpAddress,
    Duration httpGracePeriod,
    InetSocketAddress grpcAddress,
    Duration grpcGracePeriod,
    Duration grpcMaxConnectionAge,
    ServerTls grpcTls,
    ServerTls httpTls) {

  /** Without TLS. */
  public ServerSettings(InetSocketAddress httpAddress, Duration httpGracePeriod, InetSocketAddress grpcAddress,
      Duration grpcGracePeriod, Duration grpcMaxConnectionAge) {
    this(httpAddress, httpGracePeriod, grpcAddress, grpcGracePeriod, grpcMaxConnectionAge, ServerTls.NONE,
        ServerTls.NONE);
  }

  /** Largest HTTP request body the shared server accepts (remote-write batches included). */
  public static final int MAX_HTTP_REQUEST_BYTES = 64 << 20;
}
