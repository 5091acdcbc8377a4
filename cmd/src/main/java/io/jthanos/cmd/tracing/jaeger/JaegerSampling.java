package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.Closeable;
import java.io.IOException;

/**
 * The sampler for a Jaeger tracing config together with what has to be stopped with the tracer
 * provider: the remote sampler's polling, or nothing.
 *
 * @param sampler the parent-based sampler to install
 * @param polling closes the remote sampler if {@link #sampler} contains one, else does nothing
 */
public record JaegerSampling(Sampler sampler, Closeable polling) implements Closeable {

  @Override
  public void close() throws IOException {
    polling.close();
  }
}
