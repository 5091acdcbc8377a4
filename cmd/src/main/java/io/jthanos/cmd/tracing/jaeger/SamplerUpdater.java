package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Turns a {@link SamplingStrategy} into the sampler to use next, updating the current sampler in
 * place when it is already of the strategy's kind so that rate limiters keep their credit.
 */
final class SamplerUpdater {

  private final int maxOperations;

  /** @param maxOperations for new {@link PerOperationSampler}s */
  SamplerUpdater(int maxOperations) {
    this.maxOperations = maxOperations;
  }

  /**
   * @return the sampler for {@code strategy}, possibly {@code current} itself
   * @throws IllegalArgumentException for a probability outside [0, 1] while the current sampler is
   *     probabilistic (a new probabilistic sampler clamps it instead)
   */
  Sampler update(Sampler current, SamplingStrategy strategy) {
    return switch (strategy) {
      case SamplingStrategy.PerOperation operations -> {
        if (current instanceof PerOperationSampler perOperation) {
          perOperation.update(operations);
          yield perOperation;
        }
        yield new PerOperationSampler(maxOperations, operations);
      }
      case SamplingStrategy.Probabilistic(double samplingRate) -> {
        if (current instanceof ProbabilisticSampler && (samplingRate < 0 || samplingRate > 1)) {
          throw new IllegalArgumentException("sampling rate must be between 0.0 and 1.0, received " + samplingRate);
        }
        yield new ProbabilisticSampler(samplingRate);
      }
      case SamplingStrategy.RateLimiting(int maxTracesPerSecond) -> {
        if (current instanceof RateLimitingSampler rateLimiting) {
          rateLimiting.update(maxTracesPerSecond);
          yield rateLimiting;
        }
        yield new RateLimitingSampler(maxTracesPerSecond);
      }
    };
  }
}
