package io.jthanos.cmd.tracing.jaeger;

import static io.jthanos.cmd.tracing.jaeger.Decisions.await;
import static io.jthanos.cmd.tracing.jaeger.Decisions.countSampled;
import static io.jthanos.cmd.tracing.jaeger.Decisions.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JaegerRemoteSamplerTest {

  private static final Duration REFRESH = Duration.ofMillis(50);
  private static final String ALL_PROBABILISTIC =
      "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1}}";

  private final SamplingServerStub server = new SamplingServerStub();
  private JaegerRemoteSampler sampler;

  JaegerRemoteSamplerTest() throws IOException {}

  @AfterEach
  void tearDown() {
    if (sampler != null) {
      sampler.close();
    }
    server.close();
  }

  @Test
  void pollsTheServiceStrategyAndSwitchesFromTheInitialSampler() {
    sampler = start("thanos query", options(server.url()));
    await("first poll", () -> sampler.completedPolls() >= 1);
    assertThat(sampler.delegate()).isInstanceOfSatisfying(ProbabilisticSampler.class,
        initial -> assertThat(initial.samplingRate()).isEqualTo(0.001));

    server.serve(ALL_PROBABILISTIC);
    await("switch to probabilistic 1", () -> sampler.delegate().getDescription().equals("AlwaysOnSampler"));

    assertThat(countSampled(sampler, "span", 10_000)).isEqualTo(10_000);
    assertThat(server.requests()).allSatisfy(request -> {
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.uri().getPath()).isEqualTo("/sampling");
      assertThat(request.uri().getRawQuery()).isEqualTo("service=thanos+query");
    });
    assertThat(sampler.getDescription()).isEqualTo("JaegerRemoteSampler{}");
    assertThat(decide(sampler, Context.root(), "span").getAttributes().isEmpty()).isTrue();
  }

  @Test
  void probabilisticZeroSamplesNothing() {
    server.serve("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0}}");
    sampler = start("svc", options(server.url()));
    await("probabilistic 0", () -> sampler.delegate() instanceof ProbabilisticSampler p && p.samplingRate() == 0);

    assertThat(countSampled(sampler, "span", 10_000)).isZero();
  }

  @Test
  void numericStrategyTypeIsAcceptedToo() {
    server.serve("{\"strategyType\":0,\"probabilisticSampling\":{\"samplingRate\":1}}");
    sampler = start("svc", options(server.url()));
    await("probabilistic 1", () -> sampler.delegate().getDescription().equals("AlwaysOnSampler"));
    assertThat(countSampled(sampler, "span", 1_000)).isEqualTo(1_000);

    server.serve("{\"strategyType\":1,\"rateLimitingSampling\":{\"maxTracesPerSecond\":3}}");
    await("rate limiting 3",
        () -> sampler.delegate() instanceof RateLimitingSampler r && r.maxTracesPerSecond() == 3);
  }

  @Test
  void rateLimitingSamplesAtMostTheRatePlusTheInitialCredit() {
    server.serve("{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":5}}");
    sampler = start("svc", options(server.url()));
    await("rate limiting", () -> sampler.delegate() instanceof RateLimitingSampler);

    long start = System.nanoTime();
    int sampled = countSampled(sampler, "span", 5_000);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(sampled).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (int) Math.ceil(5 * seconds) + 1);
  }

  @Test
  void perOperationStrategyUsesTheOperationsProbabilityAndTheDefaultForOthers() {
    server.serve("""
        {"strategyType":"PROBABILISTIC",
         "operationSampling":{"defaultSamplingProbability":0,"defaultLowerBoundTracesPerSecond":0,
           "defaultUpperBoundTracesPerSecond":100,
           "perOperationStrategies":[{"operation":"query","probabilisticSampling":{"samplingRate":1}}]}}
        """);
    sampler = start("svc", options(server.url()));
    await("per-operation", () -> sampler.delegate() instanceof PerOperationSampler);
    sampler.close(); // a refresh would forget "other" and give it fresh lower-bound credit

    assertThat(countSampled(sampler, "query", 1_000)).isEqualTo(1_000);
    // probability 0, but the lower-bound rate limiter starts with one credit
    assertThat(countSampled(sampler, "other", 1_000)).isEqualTo(1);
  }

  @Test
  void operationsBeyondMaxOperationsGetThePlainDefaultProbability() {
    server.serve("""
        {"operationSampling":{"defaultSamplingProbability":0,"defaultLowerBoundTracesPerSecond":0,
           "perOperationStrategies":[{"operation":"query","probabilisticSampling":{"samplingRate":1}}]}}
        """);
    sampler = start("svc", new RemoteSamplerOptions(REFRESH, server.url(), 1, false, 0));
    await("per-operation", () -> sampler.delegate() instanceof PerOperationSampler);
    sampler.close();

    assertThat(countSampled(sampler, "query", 1_000)).isEqualTo(1_000);
    assertThat(countSampled(sampler, "other", 1_000)).isZero();
  }

  @Test
  void aFailedPollKeepsTheCurrentStrategy() {
    server.serve(ALL_PROBABILISTIC);
    sampler = start("svc", options(server.url()));
    await("probabilistic 1", () -> sampler.delegate().getDescription().equals("AlwaysOnSampler"));
    Sampler strategy = sampler.delegate();

    server.fail(500, "internal error");
    awaitTwoMorePolls();
    assertThat(sampler.delegate()).isSameAs(strategy);

    server.serve("this is not JSON");
    awaitTwoMorePolls();
    assertThat(sampler.delegate()).isSameAs(strategy);

    server.serve("{\"strategyType\":\"PROBABILISTIC\"}");
    awaitTwoMorePolls();
    assertThat(sampler.delegate()).isSameAs(strategy);
    assertThat(countSampled(sampler, "span", 1_000)).isEqualTo(1_000);
  }

  @Test
  void anUnreachableServerKeepsTheDefaultInitialSampler() throws IOException {
    sampler = start("svc", options(closedPortUrl()));
    awaitTwoMorePolls();

    assertThat(sampler.delegate().getDescription()).isEqualTo("TraceIDRatioBased{0.001}");
    assertThat(countSampled(sampler, "span", 20_000)).isLessThan(100);
  }

  @Test
  void anUnreachableServerKeepsTheConfiguredInitialSamplerRate() throws IOException {
    sampler = start("svc", new RemoteSamplerOptions(REFRESH, closedPortUrl(), 0, false, 0.25));
    awaitTwoMorePolls();

    assertThat(sampler.delegate().getDescription()).isEqualTo("TraceIDRatioBased{0.25}");
    assertThat(countSampled(sampler, "span", 20_000)).isBetween(4_000, 6_000);
  }

  @Test
  void closeStopsPolling() throws InterruptedException {
    server.serve(ALL_PROBABILISTIC);
    sampler = start("svc", options(server.url()));
    await("first request", () -> server.requestCount() >= 1);

    sampler.close();
    int requests = server.requestCount();
    Thread.sleep(4 * REFRESH.toMillis());

    assertThat(server.requestCount()).isEqualTo(requests);
  }

  private void awaitTwoMorePolls() {
    int polls = sampler.completedPolls();
    await("two more polls", () -> sampler.completedPolls() >= polls + 2);
  }

  private static JaegerRemoteSampler start(String service, RemoteSamplerOptions options) {
    return JaegerRemoteSampler.start(service, options);
  }

  private static RemoteSamplerOptions options(String url) {
    return new RemoteSamplerOptions(REFRESH, url, 0, false, 0);
  }

  private static String closedPortUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/sampling";
  }
}
