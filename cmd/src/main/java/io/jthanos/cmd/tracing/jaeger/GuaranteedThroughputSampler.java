package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Jaeger's guaranteed-throughput probabilistic sampler for one operation: a
 * {@link ProbabilisticSampler}, backed by a {@link RateLimitingSampler} of {@code lowerBound}
 * traces per second so the operation is still sampled now and then when the probability is low.
 * A trace the probabilistic sampler takes also spends lower-bound credit.
 */
final class GuaranteedThroughputSampler implements Sampler {

  private final RateLimitingSampler lowerBoundSampler;
  private volatile ProbabilisticSampler probabilisticSampler;

  GuaranteedThroughputSampler(double lowerBound, double samplingRate) {
    this.lowerBoundSampler = new RateLimitingSampler(lowerBound);
    this.probabilisticSampler = new ProbabilisticSampler(samplingRate);
  }

  /** Called by the single strategy-polling thread only. */
  void update(double lowerBound, double samplingRate) {
    if (probabilisticSampler.samplingRate() != samplingRate) {
      probabilisticSampler = new ProbabilisticSampler(samplingRate);
    }
    lowerBoundSampler.update(lowerBound);
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    SamplingResult probabilistic =
        probabilisticSampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    SamplingResult lowerBound =
        lowerBoundSampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    return probabilistic.getDecision() == SamplingDecision.RECORD_AND_SAMPLE ? probabilistic : lowerBound;
  }

  @Override
  public String getDescription() {
    return "guaranteedThroughputProbabilisticSampler{}";
  }
}
