package io.jthanos.cmd.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.jthanos.cmd.grpc.GrpcServer;
import io.jthanos.cmd.http.HttpRequest;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.http.HttpRouter;
import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Tag;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;

/**
 * Tracing from the HTTP API through a gRPC call to the server that answers it, exported over OTLP (gRPC and
 * HTTP) to a collector that decodes with OpenTelemetry's own protos: one trace, each span the child of the one
 * before, joined to the caller's W3C {@code traceparent}.
 */
class TracingTest {

  private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Echo")
      .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

  @Test
  void httpRequestGrpcCallAndServerShareTheCallersTraceOverOtlpGrpc() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      Tracing tracing = TracingConfig.load("""
          type: otlp
          config:
            client_type: grpc
            endpoint: %s
            insecure: true
            service_name: jthanos-test
          """.formatted(collector.grpcAddress()), "test");
      String traceId = OtlpCollector.randomId(16);
      String callerSpan = OtlpCollector.randomId(8);
      HttpResponse response = callThrough(tracing, Map.of("traceparent", List.of("00-" + traceId + "-" + callerSpan + "-01")),
          "ok");
      tracing.close();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyAsText()).isEqualTo("echo ok");
      assertThat(response.headers()).containsEntry(Tracing.TRACE_ID_HEADER, traceId);
      List<OtlpCollector.Received> spans = collector.spans();
      assertThat(spans).hasSize(3).allSatisfy(s -> {
        assertThat(s.traceId()).isEqualTo(traceId);
        assertThat(s.service()).isEqualTo("jthanos-test");
      });
      OtlpCollector.Received http = single(spans, "/query HTTP[server]", SpanKind.SPAN_KIND_SERVER);
      assertThat(http.parentSpanId()).isEqualTo(callerSpan);
      assertThat(http.attributes()).containsEntry("http.method", "GET")
          .containsEntry("http.url", "/api/v1/query?query=up").containsEntry("http.status_code", "200");
      OtlpCollector.Received client = single(spans, "/test.Echo/Echo", SpanKind.SPAN_KIND_CLIENT);
      assertThat(client.parentSpanId()).isEqualTo(http.spanId());
      OtlpCollector.Received server = single(spans, "/test.Echo/Echo", SpanKind.SPAN_KIND_SERVER);
      assertThat(server.parentSpanId()).isEqualTo(client.spanId());
      assertThat(server.attributes()).containsEntry("rpc.system", "grpc").containsEntry("rpc.service", "test.Echo")
          .containsEntry("rpc.method", "Echo").containsEntry("rpc.grpc.status_code", "0");
      assertThat(server.statusCode()).isZero();
    }
  }

  @Test
  void neverSampledUnlessForcedAndErrorsMarkedOverOtlpHttp() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      Tracing tracing = TracingConfig.load("""
          type: OTLP
          config:
            client_type: http
            endpoint: %s
            insecure: true
            compression: gzip
            sampler_type: neversample
          """.formatted(collector.httpAddress()), "test");
      HttpResponse unsampled = callThrough(tracing, Map.of(), "ok");
      HttpResponse forced = callThrough(tracing, Map.of("x-thanos-force-tracing", List.of("true")), "fail");
      tracing.close();

      assertThat(unsampled.headers()).doesNotContainKey(Tracing.TRACE_ID_HEADER);
      assertThat(forced.status()).isEqualTo(500);
      String traceId = forced.headers().get(Tracing.TRACE_ID_HEADER);
      assertThat(traceId).hasSize(32);
      List<OtlpCollector.Received> spans = collector.spans();
      assertThat(spans).as("only the forced request's spans").hasSize(3)
          .allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
      OtlpCollector.Received http = single(spans, "/query HTTP[server]", SpanKind.SPAN_KIND_SERVER);
      assertThat(http.parentSpanId()).isEmpty();
      assertThat(http.service()).isEqualTo("unknown_service:thanos");
      assertThat(http.attributes()).containsEntry("thanos.force_tracing", "true").containsEntry("http.status_code", "500");
      assertThat(http.statusCode()).as("error status").isEqualTo(2);
      OtlpCollector.Received server = single(spans, "/test.Echo/Echo", SpanKind.SPAN_KIND_SERVER);
      assertThat(server.attributes()).containsEntry("rpc.grpc.status_code", String.valueOf(Status.Code.NOT_FOUND.value()));
      assertThat(server.statusCode()).isEqualTo(2);
    }
  }

  @Test
  void jaegerConfigSendsTheTraceToTheAgentOverUdpWithConstSampling() throws Exception {
    try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      agent.setSoTimeout(10_000);
      Tracing tracing = TracingConfig.load("""
          type: JAEGER
          config:
            service_name: thanos-query
            tags: "cluster=eu-1,pod=${JTHANOS_TEST_UNSET_VARIABLE:query-0}"
            sampler_type: const
            sampler_param: 1
            agent_host: 127.0.0.1
            agent_port: %d
          """.formatted(agent.getLocalPort()), "test");
      HttpResponse response = callThrough(tracing, Map.of(), "ok");
      tracing.close();

      byte[] buffer = new byte[65_000];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      agent.receive(packet);
      TCompactProtocol protocol = new TCompactProtocol(new TMemoryInputTransport(buffer, 0, packet.getLength()));
      assertThat(protocol.readMessageBegin().name).isEqualTo("emitBatch");
      Agent.emitBatch_args args = new Agent.emitBatch_args();
      args.read(protocol);
      Batch batch = args.getBatch();
      assertThat(batch.getProcess().getServiceName()).isEqualTo("thanos-query");
      assertThat(batch.getProcess().getTags()).extracting(Tag::getKey, Tag::getVStr)
          .contains(org.assertj.core.groups.Tuple.tuple("cluster", "eu-1"), org.assertj.core.groups.Tuple.tuple("pod", "query-0"));
      List<io.jaegertracing.thriftjava.Span> spans = batch.getSpans();
      assertThat(spans).extracting(io.jaegertracing.thriftjava.Span::getOperationName)
          .containsExactlyInAnyOrder("/query HTTP[server]", "/test.Echo/Echo", "/test.Echo/Echo");
      String traceId = response.headers().get(Tracing.TRACE_ID_HEADER);
      long high = Long.parseUnsignedLong(traceId.substring(0, 16), 16);
      long low = Long.parseUnsignedLong(traceId.substring(16), 16);
      assertThat(spans).allSatisfy(s -> {
        assertThat(s.getTraceIdHigh()).isEqualTo(high);
        assertThat(s.getTraceIdLow()).isEqualTo(low);
      });
      io.jaegertracing.thriftjava.Span http = spans.stream()
          .filter(s -> s.getOperationName().startsWith("/query")).findFirst().orElseThrow();
      assertThat(http.getParentSpanId()).isZero();
      assertThat(spans).filteredOn(s -> s.getParentSpanId() == http.getSpanId()).hasSize(1);
    }
  }

  @Test
  void routesAreNamedAsThanosNamesThemAndOnlyTheApiIsTraced() {
    assertThat(HttpTracing.routeName("/api/v1/query")).isEqualTo("query");
    assertThat(HttpTracing.routeName("/prefix/api/v1/query_range")).isEqualTo("query_range");
    assertThat(HttpTracing.routeName("/api/v1/labels")).isEqualTo("label_names");
    assertThat(HttpTracing.routeName("/api/v1/label/job/values")).isEqualTo("label_values");
    assertThat(HttpTracing.routeName("/api/v1/receive")).isEqualTo("receive");
    assertThat(HttpTracing.routeName("/metrics")).isNull();
    assertThat(HttpTracing.routeName("/-/ready")).isNull();
  }

  @Test
  void disabledTracingChangesNothing() {
    Tracing tracing = TracingConfig.load("  \n", "test");
    assertThat(tracing.enabled()).isFalse();
    assertThat(tracing.grpcServerInterceptors()).isEmpty();
    java.util.function.Function<String, ManagedChannelBuilder<?>> channels = ManagedChannelBuilder::forTarget;
    assertThat(tracing.channels(channels)).isSameAs(channels);
  }

  @Test
  void configErrorsNameTheSourceAndTheKey() {
    assertThatThrownBy(() -> TracingConfig.load("type: ZIPKIN\n", "tracing.yml"))
        .hasMessage("tracing.yml: tracing with type ZIPKIN is not supported");
    assertThatThrownBy(() -> TracingConfig.load("type: ELASTIC_APM\nconfig: {}\n", "tracing.yml"))
        .hasMessageStartingWith("tracing.yml: tracing with type ELASTIC_APM is not supported by jthanos; use JAEGER or OTLP");
    assertThatThrownBy(() -> TracingConfig.load("type: OTLP\nconfg: {}\n", "tracing.yml"))
        .hasMessage("tracing.yml: unknown key confg (valid keys: type, config)");
    assertThatThrownBy(() -> TracingConfig.load("type: OTLP\nconfig: {client_type: udp}\n", "tracing.yml"))
        .hasMessage("tracing.yml: config.client_type: otlp: invalid client type. Only 'http' and 'grpc' are accepted"
            + " (got \"udp\")");
    assertThatThrownBy(() -> TracingConfig.load("type: OTLP\nconfig: {client_type: grpc, endpoint: 'http://x:4317'}\n",
        "tracing.yml")).hasMessageContaining("config.endpoint: must be host:port without a scheme");
    assertThatThrownBy(() -> TracingConfig.load(
        "type: OTLP\nconfig: {client_type: grpc, sampler_type: traceidratiobased, sampler_param: half}\n", "tracing.yml"))
        .hasMessage("tracing.yml: config.sampler_param: must be a ratio between 0 and 1, got \"half\"");
    assertThatThrownBy(() -> TracingConfig.load("type: OTLP\nconfig: {client_type: grpc, timeout: 5}\n", "tracing.yml"))
        .hasMessageContaining("config.timeout: must be a duration");
    assertThatThrownBy(() -> TracingConfig.load("type: [OTLP\n", "tracing.yml"))
        .hasMessageStartingWith("tracing.yml: parsing config tracing YAML: ");
  }

  @Test
  void unknownKeysOfTheProviderConfigAreIgnoredAsThanosDoes() {
    Tracing tracing = TracingConfig.load("type: OTLP\nconfig: {client_type: grpc, insecure: true, reporter_log_spans: true}\n",
        "tracing.yml");
    assertThat(tracing.enabled()).isTrue();
    tracing.close();
  }

  /**
   * An HTTP API request whose handler calls the gRPC service {@code test.Echo}, which answers "echo x" or
   * fails with NOT_FOUND for "fail" (the handler then answers 500), all traced by {@code tracing}.
   */
  private static HttpResponse callThrough(Tracing tracing, Map<String, List<String>> headers, String message)
      throws Exception {
    GrpcServer server = new GrpcServer(new InetSocketAddress("127.0.0.1", 0), Duration.ZERO)
        .intercept(tracing.grpcServerInterceptors());
    server.addService(ServerServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> out) -> {
          if (request.equals("fail")) {
            out.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException());
            return;
          }
          out.onNext("echo " + request);
          out.onCompleted();
        })).build());
    server.start();
    ManagedChannel channel = tracing.channels(target -> ManagedChannelBuilder.forTarget(target).usePlaintext())
        .apply("127.0.0.1:" + server.boundAddress().getPort()).build();
    try {
      HttpRouter router = new HttpRouter().get("/api/v1/query", request -> {
        try {
          return HttpResponse.text(200, ClientCalls.blockingUnaryCall(channel, ECHO, io.grpc.CallOptions.DEFAULT, message));
        } catch (StatusRuntimeException e) {
          return HttpResponse.text(500, e.getStatus().toString());
        }
      }).use(tracing.httpMiddleware());
      return router.dispatch(new HttpRequest("GET", "/api/v1/query", Map.of("query", List.of("up")), headers, new byte[0]));
    } finally {
      channel.shutdownNow();
      server.shutdown(Duration.ZERO);
    }
  }

  private static OtlpCollector.Received single(List<OtlpCollector.Received> spans, String name, SpanKind kind) {
    List<OtlpCollector.Received> found = spans.stream().filter(s -> s.name().equals(name) && s.kind() == kind).toList();
    assertThat(found).as(name + " " + kind + " in " + spans).hasSize(1);
    return found.getFirst();
  }
}
