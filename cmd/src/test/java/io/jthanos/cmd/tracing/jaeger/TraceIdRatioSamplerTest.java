package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceIdRatioSamplerTest {

  @Test
  void comparesTheLowHalfShiftedRightLikeGo() {
    Sampler half = TraceIdRatioSampler.of(0.5);

    // (low >>> 1) against 2^62
    assertThat(decision(half, "ffffffffffffffff7fffffffffffffff")).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decision(half, "00000000000000008000000000000000")).isEqualTo(SamplingDecision.DROP);
    assertThat(decision(half, "0000000000000000ffffffffffffffff")).isEqualTo(SamplingDecision.DROP);
    // the Java SDK's sampler takes this one: |Long.MIN_VALUE| is negative
    assertThat(decision(Sampler.traceIdRatioBased(0.5), "00000000000000008000000000000000"))
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void ratioOneOrMoreIsAlwaysOnAndZeroOrLessSamplesNothing() {
    assertThat(TraceIdRatioSampler.of(1)).isSameAs(Sampler.alwaysOn());
    assertThat(TraceIdRatioSampler.of(-1).getDescription()).isEqualTo("TraceIDRatioBased{0}");
    assertThat(decision(TraceIdRatioSampler.of(0), "00000000000000000000000000000000"))
        .isEqualTo(SamplingDecision.DROP);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 0.5", "0.001, 0.001", "0.0001, 0.0001", "0.00001, 1e-05", "0.000012345, 1.2345e-05",
      "0.1234567, 0.1234567"})
  void describesTheRatioLikeGosPercentG(double ratio, String formatted) {
    assertThat(TraceIdRatioSampler.of(ratio).getDescription()).isEqualTo("TraceIDRatioBased{" + formatted + "}");
  }

  private static SamplingDecision decision(Sampler sampler, String traceId) {
    return sampler.shouldSample(Context.root(), traceId, "span", SpanKind.INTERNAL, Attributes.empty(), List.of())
        .getDecision();
  }
}
