package io.jthanos.cmd.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Thanos's {@code SamplerWithOverride}: samples every span started with the {@code thanos.force_tracing}
 * attribute and asks the wrapped sampler about all others.
 */
record ForcedSampler(Sampler base) implements Sampler {

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
    if (attributes.get(Tracing.FORCE_TRACING) != null) {
      return SamplingResult.recordAndSample();
    }
    return base.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "SamplerWithOverride{thanos.force_tracing}{" + base.getDescription() + "}";
  }
}
