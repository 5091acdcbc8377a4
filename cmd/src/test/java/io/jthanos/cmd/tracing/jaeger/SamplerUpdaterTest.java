package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerUpdaterTest {

  private final SamplerUpdater updater = new SamplerUpdater(256);

  @Test
  void rateLimitingUpdatesTheCurrentRateLimiterInPlace() {
    RateLimitingSampler current = new RateLimitingSampler(5);

    Sampler next = updater.update(current, new SamplingStrategy.RateLimiting(9));

    assertThat(next).isSameAs(current);
    assertThat(current.maxTracesPerSecond()).isEqualTo(9);
  }

  @Test
  void perOperationUpdatesTheCurrentPerOperationSamplerInPlace() {
    PerOperationSampler current =
        new PerOperationSampler(256, new SamplingStrategy.PerOperation(0, 0, Map.of("a", 0.5)));

    Sampler next = updater.update(current, new SamplingStrategy.PerOperation(1, 0, Map.of("a", 0.1)));

    assertThat(next).isSameAs(current);
    assertThat(Decisions.countSampled(next, "b", 100)).isEqualTo(100);
  }

  @Test
  void anOutOfRangeProbabilityIsRejectedOnlyWhenTheCurrentSamplerIsProbabilistic() {
    assertThatThrownBy(() -> updater.update(new ProbabilisticSampler(0.1), new SamplingStrategy.Probabilistic(1.5)))
        .isInstanceOf(IllegalArgumentException.class);

    Sampler next = updater.update(new RateLimitingSampler(1), new SamplingStrategy.Probabilistic(1.5));
    assertThat(next).isInstanceOfSatisfying(ProbabilisticSampler.class, p -> assertThat(p.samplingRate()).isEqualTo(1));
  }

  @Test
  void aNewKindReplacesTheCurrentSampler() {
    Sampler next = updater.update(new ProbabilisticSampler(0.1), new SamplingStrategy.RateLimiting(3));

    assertThat(next).isInstanceOf(RateLimitingSampler.class);
  }
}
