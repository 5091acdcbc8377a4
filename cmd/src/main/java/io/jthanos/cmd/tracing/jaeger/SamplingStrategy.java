package io.jthanos.cmd.tracing.jaeger;

import java.util.Map;

/**
 * The sampling strategy a Jaeger sampling server answered with, reduced to the one part
 * {@code jaegerremote} acts on: per-operation sampling if present, else probabilistic, else rate
 * limiting. The response's {@code strategyType} does not choose among them.
 */
sealed interface SamplingStrategy {

  /** Sample each trace with probability {@code samplingRate}. */
  record Probabilistic(double samplingRate) implements SamplingStrategy {}

  /** Sample at most {@code maxTracesPerSecond} traces per second. */
  record RateLimiting(int maxTracesPerSecond) implements SamplingStrategy {}

  /**
   * Per-span-name probabilities, each with a lower bound of traces per second.
   *
   * @param operationSamplingRates the listed operations' probabilities, by span name
   */
  record PerOperation(
      double defaultSamplingProbability,
      double defaultLowerBoundTracesPerSecond,
      Map<String, Double> operationSamplingRates) implements SamplingStrategy {

    public PerOperation {
      operationSamplingRates = Map.copyOf(operationSamplingRates);
    }
  }
}
