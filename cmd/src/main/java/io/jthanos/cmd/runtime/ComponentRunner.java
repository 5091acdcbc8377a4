package io.jthanos.cmd.runtime;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.grpc.GrpcServer;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.http.HttpRouter;
import io.jthanos.cmd.http.HttpServer;
import io.jthanos.cmd.metrics.Metrics;
import io.jthanos.cmd.tracing.Tracing;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one {@link Component} into a process, as each {@code cmd/thanos/<component>.go} does:
 * metrics registry, HTTP server with {@code /metrics}, {@code /-/healthy}, {@code /-/ready}, gRPC
 * server with the health service following readiness, and a {@link RunGroup} holding the server
 * actors and whatever the component adds.
 *
 * <p>Use: {@link #start()} (configures the component and binds the servers; errors here are
 * start-up errors), add further actors such as a {@link SignalActor} to {@link #runGroup()},
 * then {@link #run()} blocks until the first actor returns and everything stopped gracefully.
 */
public final class ComponentRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentRunner.class);

  private final Component component;
  private final ServerSettings settings;
  private final Metrics metrics;
  private final Tracing tracing;
  private final Prober prober = new Prober();
  private final RunGroup runGroup = new RunGroup();
  private final HttpRouter router = new HttpRouter();
  private HttpServer http;
  private GrpcServer grpc;

  public ComponentRunner(Component component, ServerSettings settings, BuildInfo build) {
    this(component, settings, build, Tracing.disabled());
  }

  /** As above, tracing HTTP API requests and gRPC calls with {@code tracing}, which stays the caller's to close. */
  public ComponentRunner(Component component, ServerSettings settings, BuildInfo build, Tracing tracing) {
    this.component = component;
    this.settings = settings;
    this.metrics = new Metrics(build);
    this.tracing = tracing;
    router.use(tracing.httpMiddleware());
  }

  /** Configures the component, then binds the HTTP (and gRPC) server and registers their actors. */
  public void start() throws Exception {
    router.get("/metrics", metrics.handler());
    router.get("/-/healthy", request -> probe(prober.isHealthy()));
    router.get("/-/ready", request -> probe(prober.isReady()));
    if (settings.grpcAddress() != null) {
      grpc = new GrpcServer(settings.grpcAddress(), settings.grpcMaxConnectionAge(), settings.grpcTls())
          .intercept(tracing.grpcServerInterceptors());
    }

    component.configure(new ComponentContext(router, grpc, metrics.registry(), prober, runGroup, tracing));

    http = new HttpServer(settings.httpAddress(), router, ServerSettings.MAX_HTTP_REQUEST_BYTES, settings.httpTls());
    http.start();
    runGroup.add("http-server", http::awaitTermination, cause -> {
      prober.notReady();
      http.shutdown(settings.httpGracePeriod());
    });
    if (grpc != null) {
      prober.addListener((healthy, ready) -> grpc.setServing(ready));
      try {
        grpc.start();
      } catch (Exception e) {
        http.shutdown(java.time.Duration.ZERO);
        throw e;
      }
      runGroup.add("grpc-server", grpc::awaitTermination, cause -> {
        prober.notReady();
        grpc.shutdown(settings.grpcGracePeriod());
      });
    }
    prober.healthy();
    LOG.atInfo().addKeyValue("component", component.name()).log("changing probe status: healthy");
  }

  /** Runs the group; returns the error that ended it, or {@code null} for a clean stop. */
  public Throwable run() throws InterruptedException {
    Throwable error = runGroup.run();
    LOG.atInfo().addKeyValue("component", component.name()).log("exiting");
    return error;
  }

  /** The run group, to add actors before {@link #run()}. */
  public RunGroup runGroup() {
    return runGroup;
  }

  public Prober prober() {
    return prober;
  }

  /** The bound HTTP address; valid after {@link #start()}. */
  public InetSocketAddress httpAddress() {
    return http.boundAddress();
  }

  /** The bound gRPC address; valid after {@link #start()} for components with gRPC. */
  public InetSocketAddress grpcAddress() {
    return grpc.boundAddress();
  }

  @Override
  public void close() {
    metrics.close();
  }

  private static HttpResponse probe(boolean ok) {
    return ok ? HttpResponse.text(200, "OK") : HttpResponse.text(503, "NOT OK\n");
  }
}
