package io.jthanos.cmd.tracing;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerInterceptor;
import io.jthanos.cmd.http.HttpMiddleware;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's tracing, as {@code --tracing.config} sets it up: spans of the HTTP API and of gRPC calls, served
 * and made, exported by the configured provider. Trace context travels in W3C {@code traceparent} headers and
 * gRPC metadata (and {@code baggage}), the propagators Thanos installs by default, so traces join those of
 * Thanos components and of Prometheus.
 *
 * <p>Disabled (no config) tracing adds nothing: {@link #httpMiddleware()} and {@link #channels} pass
 * everything through and {@link #grpcServerInterceptors()} is empty.
 *
 * <p>As in Thanos, a request with the {@value #FORCE_TRACING_HEADER} header is sampled whatever the sampler
 * says, and a sampled request's response carries its trace ID in {@value #TRACE_ID_HEADER}.
 */
public final class Tracing implements AutoCloseable {

  /** Request header that forces sampling. */
  public static final String FORCE_TRACING_HEADER = "X-Thanos-Force-Tracing";
  /** Response header with the trace ID of a sampled request. */
  public static final String TRACE_ID_HEADER = "X-Thanos-Trace-Id";
  /** The span attribute that forces sampling; set at span start, seen by {@link ForcedSampler}. */
  static final AttributeKey<String> FORCE_TRACING = AttributeKey.stringKey("thanos.force_tracing");

  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
  private static final Tracing DISABLED = new Tracing(null);

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final TextMapPropagator propagator =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider == null ? null : provider.get("thanos");
  }

  /** No tracing. */
  public static Tracing disabled() {
    return DISABLED;
  }

  /** Tracing through {@code provider}, which this object shuts down on {@link #close()}. */
  public static Tracing of(SdkTracerProvider provider) {
    return new Tracing(provider);
  }

  public boolean enabled() {
    return provider != null;
  }

  Tracer tracer() {
    return tracer;
  }

  TextMapPropagator propagator() {
    return propagator;
  }

  /** A server span around every routed HTTP request under {@code /api/v1/}. */
  public HttpMiddleware httpMiddleware() {
    return enabled() ? new HttpTracing(this) : HttpMiddleware.NONE;
  }

  /** Interceptors that give every served gRPC call a server span; empty when disabled. */
  public List<ServerInterceptor> grpcServerInterceptors() {
    return enabled() ? List.of(GrpcTracing.server(this)) : List.of();
  }

  /**
   * {@code channels} with an interceptor added to every channel they build that gives each call made a client
   * span and passes the trace on.
   */
  public Function<String, ManagedChannelBuilder<?>> channels(Function<String, ManagedChannelBuilder<?>> channels) {
    if (!enabled()) {
      return channels;
    }
    ClientInterceptor interceptor = GrpcTracing.client(this);
    return target -> channels.apply(target).intercept(interceptor);
  }

  /** Exports what is pending (up to 5 s, as Thanos) and stops the provider. */
  @Override
  public void close() {
    if (provider == null) {
      return;
    }
    CompletableResultCode done = provider.shutdown().join(5, TimeUnit.SECONDS);
    if (!done.isSuccess()) {
      LOG.warn("tracing: spans still pending at shutdown were not all exported");
    }
  }
}
