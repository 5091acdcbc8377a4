package io.jthanos.cmd.tracing;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP trace receiver for tests, over gRPC ({@code TraceService/Export}) and HTTP/protobuf
 * ({@code POST /v1/traces}), decoding with OpenTelemetry's own generated protos: what Prometheus, Thanos or we
 * export arrives as {@link Received} spans.
 */
public final class OtlpCollector implements AutoCloseable {

  /** One span as the collector got it; IDs in lower-case hex, parent empty for a root. */
  public record Received(String service, String traceId, String spanId, String parentSpanId, String name,
      Span.SpanKind kind, Map<String, String> attributes, int statusCode) {}

  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final Server grpc;
  private final HttpServer http;

  public OtlpCollector() throws IOException {
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
            add(request);
            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        }).build().start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/v1/traces", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      add(ExportTraceServiceRequest.parseFrom(body));
      byte[] out = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    http.start();
  }

  /** host:port of the OTLP/gRPC endpoint. */
  public String grpcAddress() {
    return "127.0.0.1:" + grpc.getPort();
  }

  /** host:port of the OTLP/HTTP endpoint (path {@code /v1/traces}). */
  public String httpAddress() {
    return "127.0.0.1:" + http.getAddress().getPort();
  }

  public List<Received> spans() {
    return List.copyOf(spans);
  }

  /** Waits until a received span matches, up to {@code timeout}; the span, or null. */
  public Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (Received s : spans) {
        if (match.test(s)) {
          return s;
        }
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return null;
  }

  private void add(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service = attributes(rs.getResource().getAttributesList()).getOrDefault("service.name", "");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          spans.add(new Received(service, hex.formatHex(s.getTraceId().toByteArray()),
              hex.formatHex(s.getSpanId().toByteArray()), hex.formatHex(s.getParentSpanId().toByteArray()),
              s.getName(), s.getKind(), attributes(s.getAttributesList()), s.getStatus().getCodeValue()));
        }
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      out.put(kv.getKey(), switch (v.getValueCase()) {
        case STRING_VALUE -> v.getStringValue();
        case INT_VALUE -> Long.toString(v.getIntValue());
        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
        default -> v.toString();
      });
    }
    return out;
  }

  @Override
  public void close() {
    grpc.shutdownNow();
    http.stop(0);
  }

  /** A random non-zero trace ID (16 bytes) or span ID (8) in lower-case hex, for a caller's {@code traceparent}. */
  public static String randomId(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }
}
