package io.jthanos.cmd.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.jthanos.cmd.http.HttpServer;
import io.jthanos.receive.replication.SnappyGrpcCodec;
import io.jthanos.store.grpc.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of a component (StoreAPI, Info, WriteableStore …) with the standard
 * {@code grpc.health.v1.Health} service, whose overall status ({@code ""}) is SERVING only
 * while {@link #setServing(boolean)} says so, as Thanos's gRPC prober does.
 *
 * <p>Like every Thanos component (which imports {@code pkg/extgrpc/snappy}), the server accepts the
 * {@code snappy} message encoding besides gzip, so receivers can read each other's snappy-compressed
 * forwards ({@code --receive.grpc-compression=snappy}, the default).
 *
 * <p>Services are added before {@link #start()}; {@link #shutdown(Duration)} stops accepting
 * calls, waits up to the grace period for running calls, then cancels the rest.
 */
public final class GrpcServer {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

  private final InetSocketAddress requestedAddress;
  private final Duration maxConnectionAge;
  private final ServerTls tls;
  private final List<ServerServiceDefinition> services = new ArrayList<>();
  private final List<ServerInterceptor> interceptors = new ArrayList<>();
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;

  /**
   * @param address where to listen
   * @param maxConnectionAge {@code --grpc-server-max-connection-age}; zero disables it
   */
  public GrpcServer(InetSocketAddress address, Duration maxConnectionAge) {
    this(address, maxConnectionAge, ServerTls.NONE);
  }

  /** As above, serving TLS as {@code tls} says ({@code --grpc-server-tls-*}). */
  public GrpcServer(InetSocketAddress address, Duration maxConnectionAge, ServerTls tls) {
    this.requestedAddress = address;
    this.maxConnectionAge = maxConnectionAge;
    this.tls = tls;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
  }

  /**
   * Runs every call of the services added (not of the health service) through {@code interceptors}; must be
   * called before {@link #start()}.
   */
  public synchronized GrpcServer intercept(List<ServerInterceptor> interceptors) {
    this.interceptors.addAll(interceptors);
    return this;
  }

  /** Adds a service; must be called before {@link #start()}. */
  public synchronized GrpcServer addService(BindableService service) {
    return addService(service.bindService());
  }

  /** Adds a service definition (e.g. with interceptors); must be called before {@link #start()}. */
  public synchronized GrpcServer addService(ServerServiceDefinition service) {
    if (server != null) {
      throw new IllegalStateException("gRPC server already started");
    }
    services.add(service);
    return this;
  }

  /** Marks the whole server SERVING or NOT_SERVING in the health service. */
  public void setServing(boolean serving) {
    health.setStatus(
        HealthStatusManager.SERVICE_NAME_ALL_SERVICES, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  /** Binds and starts serving. */
  public synchronized void start() throws IOException {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(requestedAddress)
        .decompressorRegistry(SnappyGrpcCodec.decompressors())
        .compressorRegistry(SnappyGrpcCodec.compressors())
        .addService(health.getHealthService());
    if (!maxConnectionAge.isZero()) {
      builder.maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (tls.enabled()) {
      builder.sslContext(tls.sslContext());
      LOG.atInfo().addKeyValue("min_version", tls.minVersion()).log("enabling server side TLS");
      if (tls.clientCa() != null) {
        LOG.info("server TLS client verification enabled");
      }
    }
    services.forEach(service -> builder.addService(ServerInterceptors.intercept(service, interceptors)));
    Server built = builder.build();
    try {
      built.start();
    } catch (IOException e) {
      throw new IOException("listen on " + HttpServer.format(requestedAddress)
          + " for gRPC: " + rootMessage(e), e);
    }
    server = built;
    LOG.atInfo().addKeyValue("address", HttpServer.format(requestedAddress.getHostString(), boundAddress().getPort()))
        .log("listening for serving gRPC");
  }

  /** The address actually bound (resolves port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) server.getListenSockets().getFirst();
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Graceful stop within {@code gracePeriod}, then forced. Safe to call more than once. */
  public void shutdown(Duration gracePeriod) {
    Server s;
    synchronized (this) {
      s = server;
    }
    if (s == null) {
      return;
    }
    health.enterTerminalState();
    s.shutdown();
    try {
      if (!s.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.atWarn().addKeyValue("grace_period", gracePeriod).log("gRPC calls still running after grace period; cancelling");
        s.shutdownNow();
        s.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("gracefully stopped internal gRPC server");
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
