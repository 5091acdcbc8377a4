package io.jthanos.cmd.tracing;

import io.jthanos.cmd.http.HttpHandler;
import io.jthanos.cmd.http.HttpMiddleware;
import io.jthanos.cmd.http.HttpRequest;
import io.jthanos.cmd.http.HttpResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Thanos's {@code tracing.HTTPMiddleware} for our HTTP server: a server span named {@code /<route> HTTP[server]}
 * around each API request (routes as Thanos names them: {@code query}, {@code query_range}, {@code label_names},
 * {@code label_values}, {@code series}, {@code receive}, …), child of the trace in the request's headers, with
 * {@code http.method}, {@code http.url} and {@code http.status_code}, and current while the handler runs so the
 * gRPC calls it makes join the trace. Paths outside {@code /api/v1/} (metrics, probes) are not traced.
 */
final class HttpTracing implements HttpMiddleware {

  private static final String API = "/api/v1/";
  private static final TextMapGetter<HttpRequest> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpRequest request) {
      return request.headers().keySet();
    }

    @Override
    public String get(HttpRequest request, String key) {
      return request == null ? null : request.header(key);
    }
  };

  private final Tracing tracing;

  HttpTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public HttpResponse handle(HttpRequest request, HttpHandler next) throws Exception {
    String route = routeName(request.path());
    if (route == null) {
      return next.handle(request);
    }
    Context parent = tracing.propagator().extract(Context.root(), request, HEADERS);
    SpanBuilder builder = tracing.tracer().spanBuilder("/" + route + " HTTP[server]")
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute("http.method", request.method())
        .setAttribute("http.url", url(request));
    String force = request.header(Tracing.FORCE_TRACING_HEADER);
    if (force != null && !force.isEmpty()) {
      builder.setAttribute(Tracing.FORCE_TRACING, force);
    }
    Span span = builder.startSpan();
    try (Scope ignored = parent.with(span).makeCurrent()) {
      HttpResponse response = next.handle(request);
      span.setAttribute("http.status_code", response.status());
      if (response.status() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      return span.getSpanContext().isSampled() ? withTraceId(response, span.getSpanContext().getTraceId()) : response;
    } catch (Exception | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  /** Thanos's name of the API route at {@code path}, or null for paths that are not traced. */
  static String routeName(String path) {
    int api = path.indexOf(API);
    if (api < 0) {
      return null;
    }
    String rest = path.substring(api + API.length());
    if (rest.equals("labels")) {
      return "label_names";
    }
    if (rest.startsWith("label/") && rest.endsWith("/values")) {
      return "label_values";
    }
    return rest.isEmpty() ? null : rest;
  }

  private static String url(HttpRequest request) {
    if (request.query().isEmpty()) {
      return request.path();
    }
    StringBuilder url = new StringBuilder(request.path());
    char sep = '?';
    for (Map.Entry<String, List<String>> p : request.query().entrySet()) {
      for (String v : p.getValue()) {
        url.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return url.toString();
  }

  private static HttpResponse withTraceId(HttpResponse response, String traceId) {
    Map<String, String> headers = new HashMap<>(response.headers());
    headers.put(Tracing.TRACE_ID_HEADER, traceId);
    return new HttpResponse(response.status(), response.contentType(), response.bodyBuffer(), response.bodyLength(),
        headers);
  }
}
