package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jaeger's per-operation sampler: one {@link GuaranteedThroughputSampler} per span name. Operations
 * the strategy lists get their own probability; other operations get one with the default
 * probability, created on first use while fewer than {@code maxOperations} are tracked. Beyond
 * that, spans are sampled by the plain default probability, without a lower bound.
 */
final class PerOperationSampler implements Sampler {

  private static final int DEFAULT_MAX_OPERATIONS = 2000;

  private final int maxOperations;
  private final Object lock = new Object();
  private volatile Map<String, GuaranteedThroughputSampler> samplers;
  private volatile ProbabilisticSampler defaultSampler;
  private volatile double lowerBound;

  /** @param maxOperations how many operations to track; 0 or less means 2000 */
  PerOperationSampler(int maxOperations, SamplingStrategy.PerOperation strategy) {
    this.maxOperations = maxOperations <= 0 ? DEFAULT_MAX_OPERATIONS : maxOperations;
    Map<String, GuaranteedThroughputSampler> initial = new ConcurrentHashMap<>();
    strategy.operationSamplingRates().forEach((operation, rate) ->
        initial.put(operation, new GuaranteedThroughputSampler(strategy.defaultLowerBoundTracesPerSecond(), rate)));
    this.samplers = initial;
    this.defaultSampler = new ProbabilisticSampler(strategy.defaultSamplingProbability());
    this.lowerBound = strategy.defaultLowerBoundTracesPerSecond();
  }

  /**
   * Applies a new strategy: listed operations keep their samplers (and rate-limiter credit) with
   * updated parameters; operations it no longer lists, including ones added on first use, are
   * forgotten. Called by the single strategy-polling thread only.
   */
  void update(SamplingStrategy.PerOperation strategy) {
    synchronized (lock) {
      double newLowerBound = strategy.defaultLowerBoundTracesPerSecond();
      Map<String, GuaranteedThroughputSampler> updated = new ConcurrentHashMap<>();
      strategy.operationSamplingRates().forEach((operation, rate) -> {
        GuaranteedThroughputSampler existing = samplers.get(operation);
        if (existing != null) {
          existing.update(newLowerBound, rate);
          updated.put(operation, existing);
        } else {
          updated.put(operation, new GuaranteedThroughputSampler(newLowerBound, rate));
        }
      });
      lowerBound = newLowerBound;
      if (defaultSampler.samplingRate() != strategy.defaultSamplingProbability()) {
        defaultSampler = new ProbabilisticSampler(strategy.defaultSamplingProbability());
      }
      samplers = updated;
    }
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    return samplerFor(name).shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  private Sampler samplerFor(String operation) {
    GuaranteedThroughputSampler sampler = samplers.get(operation);
    if (sampler != null) {
      return sampler;
    }
    synchronized (lock) {
      Map<String, GuaranteedThroughputSampler> current = samplers;
      sampler = current.get(operation);
      if (sampler != null) {
        return sampler;
      }
      if (current.size() >= maxOperations) {
        return defaultSampler;
      }
      sampler = new GuaranteedThroughputSampler(lowerBound, defaultSampler.samplingRate());
      current.put(operation, sampler);
      return sampler;
    }
  }

  @Override
  public String getDescription() {
    return "perOperationSampler{}";
  }
}
