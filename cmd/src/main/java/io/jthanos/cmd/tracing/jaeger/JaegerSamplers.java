package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.trace.samplers.ParentBasedSamplerBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.Closeable;
import java.util.Objects;

/**
 * Chooses the sampler for {@code --tracing.config} of type {@code JAEGER} as Thanos's
 * {@code getSampler} does. The root sampler by {@code sampler_type}:
 * <ul>
 *   <li>{@code probabilistic}: Go's trace-ID ratio of {@code sampler_param};
 *   <li>{@code const}: always on if {@code sampler_param}, clamped to [0, 1] and rounded, is 1,
 *       else always off;
 *   <li>{@code remote}, {@code ratelimiting}, empty or anything else: a {@link JaegerRemoteSampler}
 *       with the remote options ({@code sampler_param} is ignored).
 * </ul>
 * It is wrapped in a parent-based sampler, which follows a sampled parent unless
 * {@code sampler_parent_config} says to ask the root sampler for local or remote sampled parents.
 */
public final class JaegerSamplers {

  private JaegerSamplers() {}

  /**
   * @param serviceName the remote sampler asks for this service's strategy
   * @param samplerType {@code sampler_type}; may be empty or null
   * @param samplerParam {@code sampler_param}
   * @param remote the remote sampler's options
   * @param localParentSampled {@code sampler_parent_config.local_parent_sampled}
   * @param remoteParentSampled {@code sampler_parent_config.remote_parent_sampled}
   * @return the sampler, with the remote sampler's polling started if one was chosen
   */
  public static JaegerSampling create(
      String serviceName, String samplerType, double samplerParam, RemoteSamplerOptions remote,
      boolean localParentSampled, boolean remoteParentSampled) {
    String type = Objects.requireNonNullElse(samplerType, "");
    double fraction = samplingFraction(type, samplerParam);
    Sampler root;
    Closeable polling = () -> {};
    switch (type) {
      case "probabilistic" -> root = TraceIdRatioSampler.of(fraction);
      case "const" -> root = fraction == 1 ? Sampler.alwaysOn() : Sampler.alwaysOff();
      default -> {
        JaegerRemoteSampler remoteSampler = JaegerRemoteSampler.start(serviceName, remote);
        root = remoteSampler;
        polling = remoteSampler;
      }
    }
    ParentBasedSamplerBuilder parentBased = Sampler.parentBasedBuilder(root);
    if (localParentSampled) {
      parentBased.setLocalParentSampled(root);
    }
    if (remoteParentSampled) {
      parentBased.setRemoteParentSampled(root);
    }
    return new JaegerSampling(parentBased.build(), polling);
  }

  /**
   * Thanos's {@code getSamplingFraction}: {@code const} clamps to [0, 1] and rounds,
   * {@code ratelimiting} rounds, anything else keeps the factor. Rounding is half away from zero.
   */
  static double samplingFraction(String samplerType, double samplingFactor) {
    return switch (samplerType) {
      case "const" -> samplingFactor > 1 ? 1 : samplingFactor < 0 ? 0 : roundHalfAwayFromZero(samplingFactor);
      case "ratelimiting" -> roundHalfAwayFromZero(samplingFactor);
      default -> samplingFactor;
    };
  }

  private static double roundHalfAwayFromZero(double value) {
    double magnitude = Math.abs(value);
    double floor = Math.floor(magnitude);
    return Math.copySign(magnitude - floor >= 0.5 ? floor + 1 : floor, value);
  }
}
