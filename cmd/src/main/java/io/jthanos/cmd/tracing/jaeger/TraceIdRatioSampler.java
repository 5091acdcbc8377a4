package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * The OpenTelemetry Go SDK's {@code TraceIDRatioBased} sampler, which Thanos and {@code jaegerremote}
 * use: a trace is sampled when the low 8 bytes of its ID, read as an unsigned big-endian number and
 * shifted right by one, are below {@code ratio * 2^63}. For the same trace ID this can decide
 * differently from the Java SDK's {@link Sampler#traceIdRatioBased}, which compares the absolute
 * value of the signed number instead. No attributes are added; the parent's trace state is kept.
 */
final class TraceIdRatioSampler implements Sampler {

  private final double ratio;
  private final long upperBound;

  private TraceIdRatioSampler(double ratio) {
    this.ratio = ratio;
    this.upperBound = (long) (ratio * 0x1p63);
  }

  /** A ratio of 1 or more samples everything, one of 0 or less nothing. */
  static Sampler of(double ratio) {
    if (ratio >= 1) {
      return Sampler.alwaysOn();
    }
    return new TraceIdRatioSampler(Math.max(ratio, 0));
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    long x = Long.parseUnsignedLong(traceId, 16, 32, 16) >>> 1;
    return x < upperBound ? SamplingResult.recordAndSample() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "TraceIDRatioBased{" + goShortestG(ratio) + "}";
  }

  /** Go's {@code %g}: shortest digits, exponent form below 1e-4 or from 1e6 on. */
  private static String goShortestG(double value) {
    if (value == 0) {
      return "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent >= -4 && exponent < 6) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String sign = decimal.signum() < 0 ? "-" : "";
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
  }
}
