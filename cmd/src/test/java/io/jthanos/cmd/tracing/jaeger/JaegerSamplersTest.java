package io.jthanos.cmd.tracing.jaeger;

import static io.jthanos.cmd.tracing.jaeger.Decisions.countSampled;
import static io.jthanos.cmd.tracing.jaeger.Decisions.decide;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JaegerSamplersTest {

  // polls a port nobody listens on, rarely: these tests only look at the sampler's shape
  private static final RemoteSamplerOptions QUIET_REMOTE =
      new RemoteSamplerOptions(Duration.ofHours(1), "http://127.0.0.1:1/sampling", 0, false, 0);

  @Test
  void constOneSamplesEverything() throws IOException {
    try (JaegerSampling sampling = create("const", 1, false, false)) {
      assertThat(sampling.sampler().getDescription()).isEqualTo(parentBased("AlwaysOnSampler"));
      assertThat(countSampled(sampling.sampler(), "span", 1_000)).isEqualTo(1_000);
    }
  }

  @Test
  void constZeroSamplesNothing() throws IOException {
    try (JaegerSampling sampling = create("const", 0, false, false)) {
      assertThat(sampling.sampler().getDescription()).isEqualTo(parentBased("AlwaysOffSampler"));
      assertThat(countSampled(sampling.sampler(), "span", 1_000)).isZero();
    }
  }

  @Test
  void constParamIsRounded() throws IOException {
    try (JaegerSampling sampling = create("const", 0.7, false, false)) {
      assertThat(sampling.sampler().getDescription()).isEqualTo(parentBased("AlwaysOnSampler"));
    }
  }

  @Test
  void probabilisticIsGosTraceIdRatio() throws IOException {
    try (JaegerSampling sampling = create("probabilistic", 0.25, false, false)) {
      assertThat(sampling.sampler().getDescription()).isEqualTo(parentBased("TraceIDRatioBased{0.25}"));
      assertThat(countSampled(sampling.sampler(), "span", 20_000)).isBetween(4_000, 6_000);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"remote", "ratelimiting", "", "unknown"})
  void remoteRateLimitingAndOtherTypesUseTheRemoteSampler(String type) throws IOException {
    try (JaegerSampling sampling = create(type, 5, false, false)) {
      assertThat(sampling.sampler().getDescription()).isEqualTo(parentBased("JaegerRemoteSampler{}"));
    }
  }

  @Test
  void aSampledRemoteParentIsFollowedUnlessRemoteParentSampledIsSet() throws IOException {
    try (JaegerSampling follows = create("const", 0, false, false);
        JaegerSampling asksRoot = create("const", 0, false, true)) {
      assertThat(decision(follows, remoteParent(true))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
      assertThat(decision(asksRoot, remoteParent(true))).isEqualTo(SamplingDecision.DROP);
      assertThat(asksRoot.sampler().getDescription()).contains("remoteParentSampled:AlwaysOffSampler");
    }
  }

  @Test
  void anUnsampledRemoteParentIsNotSampled() throws IOException {
    try (JaegerSampling sampling = create("const", 1, true, true)) {
      assertThat(decision(sampling, remoteParent(false))).isEqualTo(SamplingDecision.DROP);
      assertThat(decision(sampling, Context.root())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
  }

  @Test
  void aSampledLocalParentIsFollowedUnlessLocalParentSampledIsSet() throws IOException {
    try (JaegerSampling follows = create("const", 0, false, true);
        JaegerSampling asksRoot = create("const", 0, true, false)) {
      assertThat(decision(follows, localParent())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
      assertThat(decision(asksRoot, localParent())).isEqualTo(SamplingDecision.DROP);
      assertThat(decision(asksRoot, remoteParent(true))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "const, 1.7, 1", "const, -0.3, 0", "const, 0.5, 1", "const, 0.49, 0",
      "ratelimiting, 2.5, 3", "ratelimiting, -2.5, -3", "ratelimiting, 7.4, 7",
      "probabilistic, 0.37, 0.37", "remote, 4.6, 4.6", "'', 4.6, 4.6"})
  void samplingFractionRoundsLikeThanos(String type, double param, double expected) {
    assertThat(JaegerSamplers.samplingFraction(type, param)).isEqualTo(expected);
  }

  private static JaegerSampling create(String type, double param, boolean localParentSampled,
      boolean remoteParentSampled) {
    return JaegerSamplers.create("svc", type, param, QUIET_REMOTE, localParentSampled, remoteParentSampled);
  }

  private static SamplingDecision decision(JaegerSampling sampling, Context parent) {
    return decide(sampling.sampler(), parent, "span").getDecision();
  }

  private static Context remoteParent(boolean sampled) {
    return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
        IdGenerator.random().generateTraceId(), IdGenerator.random().generateSpanId(),
        sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
  }

  private static Context localParent() {
    return Context.root().with(Span.wrap(SpanContext.create(
        IdGenerator.random().generateTraceId(), IdGenerator.random().generateSpanId(),
        TraceFlags.getSampled(), TraceState.getDefault())));
  }

  private static String parentBased(String root) {
    return "ParentBased{root:" + root + ",remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
        + "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}";
  }
}
