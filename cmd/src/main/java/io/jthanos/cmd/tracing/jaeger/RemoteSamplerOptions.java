package io.jthanos.cmd.tracing.jaeger;

import java.time.Duration;
import java.util.Objects;

/**
 * The Jaeger config's settings for the remote sampler. Zero values (zero duration, empty URL,
 * 0, {@code false}, 0.0) mean "not set": {@link JaegerRemoteSampler} then uses its default,
 * exactly as Thanos only passes the non-zero settings on to {@code jaegerremote}.
 *
 * @param refreshInterval {@code sampler_refresh_interval}: how often to poll; not negative
 * @param samplingServerUrl {@code sampling_server_url}: the agent's sampling endpoint
 * @param maxOperations {@code sampler_max_operations}: how many operations a per-operation
 *     strategy tracks; a negative value means jaeger's per-operation default of 2000
 * @param operationNameLateBinding {@code operation_name_late_binding}: accepted for config
 *     compatibility; like in {@code jaegerremote} it has no effect on OpenTelemetry sampling
 * @param initialSamplerRate {@code initial_sampler_rate}: the trace-ID ratio used until the
 *     first strategy arrives
 */
public record RemoteSamplerOptions(
    Duration refreshInterval,
    String samplingServerUrl,
    int maxOperations,
    boolean operationNameLateBinding,
    double initialSamplerRate) {

  /** Nothing set: every setting takes {@link JaegerRemoteSampler}'s default. */
  public static final RemoteSamplerOptions DEFAULTS = new RemoteSamplerOptions(Duration.ZERO, "", 0, false, 0);

  public RemoteSamplerOptions {
    refreshInterval = Objects.requireNonNullElse(refreshInterval, Duration.ZERO);
    samplingServerUrl = Objects.requireNonNullElse(samplingServerUrl, "");
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("sampler_refresh_interval must not be negative: " + refreshInterval);
    }
  }
}
