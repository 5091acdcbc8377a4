package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Real {@link Sampler#shouldSample} calls on random trace IDs, and bounded waiting. */
final class Decisions {

  private static final IdGenerator IDS = IdGenerator.random();

  private Decisions() {}

  static SamplingResult decide(Sampler sampler, Context parent, String spanName) {
    return sampler.shouldSample(parent, IDS.generateTraceId(), spanName, SpanKind.SERVER, Attributes.empty(), List.of());
  }

  static boolean sampled(Sampler sampler, String spanName) {
    return decide(sampler, Context.root(), spanName).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
  }

  /** How many of {@code n} root spans named {@code spanName} with random trace IDs are sampled. */
  static int countSampled(Sampler sampler, String spanName, int n) {
    int sampled = 0;
    for (int i = 0; i < n; i++) {
      if (sampled(sampler, spanName)) {
        sampled++;
      }
    }
    return sampled;
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
