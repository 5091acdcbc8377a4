package io.jthanos.cmd.tracing.jaeger;

import static io.jthanos.cmd.tracing.jaeger.JaegerOracle.str;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaegerThriftExporterCollectorTest {

  private HttpServer collector;
  private URI endpoint;
  private final AtomicInteger status = new AtomicInteger(202);
  private final AtomicReference<String> method = new AtomicReference<>();
  private final AtomicReference<String> path = new AtomicReference<>();
  private final AtomicReference<String> contentType = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicReference<byte[]> body = new AtomicReference<>();
  private final JaegerOracle.Capture capture = new JaegerOracle.Capture();
  private SdkTracerProvider provider;

  @BeforeEach
  void start() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      method.set(exchange.getRequestMethod());
      path.set(exchange.getRequestURI().getPath());
      contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
      authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      body.set(exchange.getRequestBody().readAllBytes());
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    collector.start();
    endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/api/traces");
    provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder()
            .put("service.name", "thanos-receive").put("replica", "r1").build()))
        .addSpanProcessor(SimpleSpanProcessor.create(capture))
        .build();
    provider.tracerBuilder("io.jthanos.receive").setInstrumentationVersion("0.1").build()
        .spanBuilder("remote-write").setSpanKind(SpanKind.SERVER).setAttribute("tenant", "t1").startSpan().end();
  }

  @AfterEach
  void stop() {
    collector.stop(0);
    provider.close();
  }

  @Test
  void postsOneBinaryThriftBatchWithBasicAuth() throws Exception {
    JaegerThriftExporter exporter = JaegerThriftExporter.collector(endpoint, "jaeger", "s3cret");
    try {
      assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }

    assertThat(method.get()).isEqualTo("POST");
    assertThat(path.get()).isEqualTo("/api/traces");
    assertThat(contentType.get()).isEqualTo("application/x-thrift");
    assertThat(authorization.get()).isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("jaeger:s3cret".getBytes(StandardCharsets.UTF_8)));
    Batch batch = JaegerOracle.decodeBinaryBatch(body.get());
    assertThat(batch.getProcess().getServiceName()).isEqualTo("thanos-receive");
    assertThat(batch.getProcess().getTags()).containsExactly(str("replica", "r1"));
    assertThat(batch.getSpans()).hasSize(1);
    SpanData data = capture.spans.getFirst();
    JaegerOracle.assertIdentity(batch.getSpans().getFirst(), data);
    assertThat(batch.getSpans().getFirst().getTags()).containsExactly(
        str("tenant", "t1"),
        str("otel.library.name", "io.jthanos.receive"),
        str("otel.library.version", "0.1"),
        str("span.kind", "server"));
  }

  @Test
  void sendsNoAuthorizationWithoutBothUserAndPassword() {
    JaegerThriftExporter exporter = JaegerThriftExporter.collector(endpoint, "jaeger", "");
    try {
      assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }

    assertThat(authorization.get()).isNull();
  }

  @Test
  void serverErrorFailsTheExportNamingEndpointAndStatus() {
    status.set(500);
    JaegerThriftExporter exporter = JaegerThriftExporter.collector(endpoint, null, null);
    try {
      CompletableResultCode result = exporter.export(capture.spans).join(5, SECONDS);

      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable()).hasMessageContaining(endpoint.toString()).hasMessageContaining("500");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void unreachableCollectorFailsTheExport() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/api/traces");
    JaegerThriftExporter exporter = JaegerThriftExporter.collector(nowhere, null, null);
    try {
      CompletableResultCode result = exporter.export(capture.spans).join(5, SECONDS);

      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.getFailureThrowable()).hasMessageContaining(nowhere.toString());
    } finally {
      exporter.shutdown();
    }
  }
}
