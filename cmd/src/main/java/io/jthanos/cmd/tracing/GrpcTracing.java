package io.jthanos.cmd.tracing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.function.Supplier;

/**
 * gRPC interceptors with the behaviour of Thanos's tracing middleware: a span named after the full method
 * ({@code /thanos.Store/Series}) for each call, the trace context in the call's metadata ({@code traceparent}),
 * and the gRPC status on the span ({@code rpc.grpc.status_code}, error status when not OK).
 *
 * <p>Unlike Thanos, a call made outside any trace (the querier's periodic Info calls) gets no client span,
 * so that background polling does not start a trace every few seconds.
 */
final class GrpcTracing {
  private GrpcTracing() {}

  private static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata metadata) {
      return metadata.keys();
    }

    @Override
    public String get(Metadata metadata, String key) {
      if (metadata == null || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        return null;
      }
      return metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
  };

  private static final TextMapSetter<Metadata> SETTER =
      (metadata, key, value) -> metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

  static ServerInterceptor server(Tracing tracing) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context parent = tracing.propagator().extract(Context.root(), headers, GETTER);
        Span span = start(tracing, call.getMethodDescriptor(), SpanKind.SERVER, parent);
        Context context = parent.with(span);
        ServerCall<Q, R> traced = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            finish(span, status);
            super.close(status, trailers);
          }
        };
        ServerCall.Listener<Q> listener = within(context, () -> next.startCall(traced, headers));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
          @Override
          public void onMessage(Q message) {
            within(context, () -> super.onMessage(message));
          }

          @Override
          public void onHalfClose() {
            within(context, super::onHalfClose);
          }

          @Override
          public void onCancel() {
            finish(span, Status.CANCELLED);
            within(context, super::onCancel);
          }

          @Override
          public void onComplete() {
            within(context, super::onComplete);
          }

          @Override
          public void onReady() {
            within(context, super::onReady);
          }
        };
      }
    };
  }

  static ClientInterceptor client(Tracing tracing) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
          return next.newCall(method, options);
        }
        Span span = start(tracing, method, SpanKind.CLIENT, parent);
        Context context = parent.with(span);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            tracing.propagator().inject(context, headers, SETTER);
            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata trailers) {
                finish(span, status);
                super.onClose(status, trailers);
              }
            }, headers);
          }
        };
      }
    };
  }

  private static Span start(Tracing tracing, MethodDescriptor<?, ?> method, SpanKind kind, Context parent) {
    return tracing.tracer().spanBuilder("/" + method.getFullMethodName())
        .setParent(parent)
        .setSpanKind(kind)
        .setAttribute("rpc.system", "grpc")
        .setAttribute("rpc.service", String.valueOf(method.getServiceName()))
        .setAttribute("rpc.method", String.valueOf(method.getBareMethodName()))
        .startSpan();
  }

  private static void finish(Span span, Status status) {
    span.setAttribute("rpc.grpc.status_code", status.getCode().value());
    if (!status.isOk()) {
      span.setStatus(StatusCode.ERROR, status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
    }
    span.end();
  }

  private static void within(Context context, Runnable body) {
    try (Scope ignored = context.makeCurrent()) {
      body.run();
    }
  }

  private static <T> T within(Context context, Supplier<T> body) {
    try (Scope ignored = context.makeCurrent()) {
      return body.get();
    }
  }
}
