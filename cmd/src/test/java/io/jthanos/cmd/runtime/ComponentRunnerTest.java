package io.jthanos.cmd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoRequest;
import io.jthanos.proto.infopb.InfoResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared plumbing end to end: servers on 127.0.0.1:0 driven by the run group. */
@Timeout(30)
class ComponentRunnerTest {

  private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
  private static final BuildInfo BUILD = new BuildInfo("9.9.9", "main", "abc123", "25");

  private final HttpClient http = HttpClient.newHttpClient();
  private ManagedChannel channel;

  /** A component that serves /slow, the Info API, and becomes ready when told to. */
  private static final class DemoComponent implements Component {
    final CountDownLatch becomeReady = new CountDownLatch(1);
    final CountDownLatch slowRequestStarted = new CountDownLatch(1);

    @Override
    public String name() {
      return "demo";
    }

    @Override
    public void configure(ComponentContext context) {
      context.router().get("/slow", request -> {
        slowRequestStarted.countDown();
        Thread.sleep(500);
        return HttpResponse.text(200, "slow done");
      });
      context.grpc().addService(new InfoGrpc.InfoImplBase() {
        @Override
        public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
          response.onNext(InfoResponse.newBuilder().setComponentType("demo").build());
          response.onCompleted();
        }
      });
      context.registry().counter("demo_requests_total").increment(3);
      CountDownLatch stop = new CountDownLatch(1);
      context.runGroup().add("readiness", () -> {
        becomeReady.await();
        context.prober().ready();
        stop.await();
      }, cause -> stop.countDown());
    }
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  private static ServerSettings settings(Duration grace) {
    return new ServerSettings(ANY_PORT, grace, ANY_PORT, grace, Duration.ofMinutes(60));
  }

  private java.net.http.HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private ServingStatus grpcHealth(InetSocketAddress address) {
    if (channel == null) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", address.getPort()).usePlaintext().build();
    }
    return HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().build()).getStatus();
  }

  @Test
  void servesProbesMetricsAndGrpcThenStopsGracefullyOnSignal() throws Exception {
    DemoComponent component = new DemoComponent();
    try (ComponentRunner runner = new ComponentRunner(component, settings(Duration.ofSeconds(5)), BUILD)) {
      runner.start();
      SignalActor signals = new SignalActor();
      runner.runGroup().add("signal", signals, signals);
      CompletableFuture<Throwable> result = new CompletableFuture<>();
      Thread.ofPlatform().start(() -> {
        try {
          result.complete(runner.run());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      InetSocketAddress httpAddress = runner.httpAddress();
      InetSocketAddress grpcAddress = runner.grpcAddress();

      assertThat(get(httpAddress, "/-/healthy").statusCode()).isEqualTo(200);
      assertThat(get(httpAddress, "/-/healthy").body()).isEqualTo("OK");
      assertThat(get(httpAddress, "/-/ready").statusCode()).isEqualTo(503);
      assertThat(grpcHealth(grpcAddress)).isEqualTo(ServingStatus.NOT_SERVING);

      component.becomeReady.countDown();
      awaitReady(runner);
      assertThat(get(httpAddress, "/-/ready").statusCode()).isEqualTo(200);
      assertThat(grpcHealth(grpcAddress)).isEqualTo(ServingStatus.SERVING);

      var metrics = get(httpAddress, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body())
          .contains("thanos_build_info{branch=\"main\",javaversion=\"25\",revision=\"abc123\",version=\"9.9.9\"} 1")
          .contains("demo_requests_total 3")
          .contains("process_cpu_seconds_total ")
          .contains("process_start_time_seconds ")
          .contains("process_open_fds ")
          .contains("jvm_memory_used_bytes");

      assertThat(InfoGrpc.newBlockingStub(channel).info(InfoRequest.getDefaultInstance()).getComponentType())
          .isEqualTo("demo");
      assertThat(get(httpAddress, "/nope").statusCode()).isEqualTo(404);

      // A request in flight when SIGTERM arrives still completes.
      CompletableFuture<java.net.http.HttpResponse<String>> slow = http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpAddress.getPort() + "/slow")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(component.slowRequestStarted.await(5, TimeUnit.SECONDS)).isTrue();
      signals.signal("SIGTERM");

      assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("slow done");
      assertThat(result.get(10, TimeUnit.SECONDS)).isNull();
      assertThat(runner.prober().isReady()).isFalse();
      assertThatThrownBy(() -> get(httpAddress, "/-/healthy")).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void failingActorStopsTheServersAndIsReported() throws Exception {
    Component failing = new Component() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public void configure(ComponentContext context) {
        context.runGroup().add("loader", () -> {
          Thread.sleep(100);
          throw new IOException("bucket unreachable");
        }, cause -> {});
      }
    };
    try (ComponentRunner runner = new ComponentRunner(failing, settings(Duration.ofSeconds(1)), BUILD)) {
      runner.start();
      InetSocketAddress httpAddress = runner.httpAddress();

      Throwable error = runner.run();

      assertThat(error).hasMessage("loader: bucket unreachable");
      assertThatThrownBy(() -> get(httpAddress, "/metrics")).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void portInUseFailsStart() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServerSettings settings = new ServerSettings(
          new InetSocketAddress("127.0.0.1", taken.getLocalPort()), Duration.ZERO, null, Duration.ZERO, Duration.ZERO);
      Component nothing = new Component() {
        @Override
        public String name() {
          return "nothing";
        }

        @Override
        public void configure(ComponentContext context) {}
      };
      try (ComponentRunner runner = new ComponentRunner(nothing, settings, BUILD)) {
        assertThatThrownBy(runner::start).isInstanceOf(IOException.class).hasMessageContaining("listen on 127.0.0.1:"
            + taken.getLocalPort() + " for HTTP");
      }
    }
  }

  private static void awaitReady(ComponentRunner runner) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!runner.prober().isReady() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
