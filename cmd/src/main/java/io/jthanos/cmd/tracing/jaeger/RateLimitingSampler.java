package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Jaeger's rate-limiting sampler: samples at most {@code maxTracesPerSecond} traces per second,
 * bursting up to {@code max(maxTracesPerSecond, 1)} at once, via a {@link RateLimiter} where each
 * trace costs one credit. {@link #update} keeps the accumulated credit.
 */
final class RateLimitingSampler implements Sampler {

  private final RateLimiter rateLimiter;
  private volatile double maxTracesPerSecond;

  RateLimitingSampler(double maxTracesPerSecond) {
    this.maxTracesPerSecond = maxTracesPerSecond;
    this.rateLimiter = new RateLimiter(maxTracesPerSecond, Math.max(maxTracesPerSecond, 1), System::nanoTime);
  }

  double maxTracesPerSecond() {
    return maxTracesPerSecond;
  }

  /** Called by the single strategy-polling thread only. */
  void update(double maxTracesPerSecond) {
    if (this.maxTracesPerSecond != maxTracesPerSecond) {
      rateLimiter.update(maxTracesPerSecond, Math.max(maxTracesPerSecond, 1));
      this.maxTracesPerSecond = maxTracesPerSecond;
    }
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    return rateLimiter.checkCredit(1) ? SamplingResult.recordAndSample() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "rateLimitingSampler{}";
  }
}
