package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Jaeger's probabilistic sampler: a {@link TraceIdRatioSampler} of a sampling rate clamped to
 * [0, 1], which remembers that rate so strategy updates can compare against it.
 */
final class ProbabilisticSampler implements Sampler {

  private final double samplingRate;
  private final Sampler ratio;

  ProbabilisticSampler(double samplingRate) {
    this.samplingRate = Math.max(0, Math.min(samplingRate, 1));
    this.ratio = TraceIdRatioSampler.of(this.samplingRate);
  }

  double samplingRate() {
    return samplingRate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    return ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return ratio.getDescription();
  }
}
