package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampler of Go's {@code go.opentelemetry.io/contrib/samplers/jaegerremote}: it delegates to a
 * sampler built from the strategy that a Jaeger sampling server (agent or collector) serves for the
 * service, and polls for that strategy on a daemon thread, first right after {@link #start} and
 * then every refresh interval.
 *
 * <p>Until a strategy arrives it samples the trace-ID ratio {@code initial_sampler_rate}, by default
 * 0.001. A per-operation strategy ({@code operationSampling}) becomes a guaranteed-throughput
 * sampler per span name, a probabilistic one a trace-ID ratio, a rate-limiting one a token bucket
 * of {@code maxTracesPerSecond}; a strategy of the current kind updates the current sampler in
 * place, keeping rate-limiter credit. A failed poll (unreachable server, status 400 or more,
 * unreadable or unsupported response) is logged and keeps the current sampler. Decisions add no
 * attributes. {@link #close()} stops polling.
 */
public final class JaegerRemoteSampler implements Sampler, Closeable {

  public static final String DEFAULT_SAMPLING_SERVER_URL = "http://127.0.0.1:5778/sampling";
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_OPERATIONS = 256;
  public static final double DEFAULT_INITIAL_SAMPLING_RATE = 0.001;

  private static final Logger LOG = LoggerFactory.getLogger(JaegerRemoteSampler.class);

  private final String serviceName;
  private final SamplingStrategyFetcher fetcher;
  private final SamplerUpdater updater;
  private final ScheduledExecutorService poller;
  private final AtomicInteger polls = new AtomicInteger();
  private volatile Sampler current;

  private JaegerRemoteSampler(String serviceName, RemoteSamplerOptions options) {
    this.serviceName = serviceName;
    String serverUrl = options.samplingServerUrl().isEmpty()
        ? DEFAULT_SAMPLING_SERVER_URL
        : options.samplingServerUrl();
    this.fetcher = new SamplingStrategyFetcher(serverUrl, serviceName);
    this.updater = new SamplerUpdater(options.maxOperations() == 0 ? DEFAULT_MAX_OPERATIONS : options.maxOperations());
    // An explicit initial rate is Go's plain TraceIDRatioBased, not jaeger's probabilistic sampler,
    // so a first probabilistic strategy replaces it rather than updating it.
    this.current = options.initialSamplerRate() == 0
        ? new ProbabilisticSampler(DEFAULT_INITIAL_SAMPLING_RATE)
        : TraceIdRatioSampler.of(options.initialSamplerRate());
    this.poller = Executors.newSingleThreadScheduledExecutor(
        task -> Thread.ofPlatform().daemon().name("jaeger-remote-sampler").unstarted(task));
  }

  /**
   * Creates the sampler and starts polling; returns without waiting for the first poll.
   *
   * @param serviceName sent as the {@code service} query parameter
   * @param options unset options take the {@code DEFAULT_*} values
   */
  public static JaegerRemoteSampler start(String serviceName, RemoteSamplerOptions options) {
    JaegerRemoteSampler sampler = new JaegerRemoteSampler(serviceName, options);
    Duration interval = options.refreshInterval().isZero() ? DEFAULT_REFRESH_INTERVAL : options.refreshInterval();
    sampler.poller.scheduleWithFixedDelay(sampler::poll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    return sampler;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    return current.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "JaegerRemoteSampler{}";
  }

  /** Stops polling, interrupting a poll in flight; the last strategy stays in use. Idempotent. */
  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fetcher.close();
  }

  Sampler delegate() {
    return current;
  }

  /** How many polls have finished, successful or not. */
  int completedPolls() {
    return polls.get();
  }

  private void poll() {
    try {
      current = updater.update(current, SamplingStrategyParser.parse(fetcher.fetch()));
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("service", serviceName).addKeyValue("err", e.toString())
          .log("failed to fetch sampling strategy");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // also keeps the schedule alive: a task that throws is never run again
      LOG.atWarn().addKeyValue("service", serviceName).addKeyValue("err", e.toString())
          .log("failed to handle sampling strategy response");
    } finally {
      polls.incrementAndGet();
    }
  }
}
