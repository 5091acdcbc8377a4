package io.jthanos.cmd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.tracing.OtlpCollector;
import io.jthanos.cmd.tracing.OtlpCollector.Received;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tracing.config} across processes, against a real Prometheus 3.5: Prometheus (its own tracing
 * exporting OTLP) remote-writes into {@code bin/thanos receive}, and {@code bin/thanos query} reads the receiver
 * over the StoreAPI; both of ours export OTLP too (gRPC and HTTP), to one collector that decodes with
 * OpenTelemetry's protos. The receiver's span for a remote-write request must be the child of the span
 * Prometheus's client made for it; a query sent with a W3C {@code traceparent} must give the querier's HTTP span,
 * its StoreAPI client span and the receiver's server span in the caller's trace, each the child of the one
 * before. The querier never samples on its own, so a query without a trace or force header is not traced.
 */
class TracingE2EIT {

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void tracesJoinPrometheusReceiveAndQuery() throws Exception {
    E2eEnv env = E2eEnv.require();
    Path logs = Path.of("target", "e2e-logs", "tracing").toAbsolutePath();
    E2eEnv.deleteRecursively(logs);
    try (OtlpCollector collector = new OtlpCollector(); ProcessSet processes = new ProcessSet(logs)) {
      try {
        run(env, processes, collector);
      } catch (Throwable t) {
        System.err.println(processes.logTails(40));
        System.err.println("spans received: " + collector.spans());
        throw t;
      }
    }
  }

  private void run(E2eEnv env, ProcessSet processes, OtlpCollector collector) throws Exception {
    String receiveHttp = FreePorts.address();
    String receiveGrpc = FreePorts.address();
    String remoteWrite = FreePorts.address();
    Path hashrings = Files.writeString(tmp.resolve("hashrings.json"),
        "[{\"hashring\": \"default\", \"endpoints\": [\"" + receiveGrpc + "\"]}]\n");
    processes.start("receive", env.thanos(List.of("receive", "--http-address=" + receiveHttp,
        "--grpc-address=" + receiveGrpc, "--remote-write.address=" + remoteWrite,
        "--tsdb.path=" + tmp.resolve("receive"), "--receive.hashrings-file=" + hashrings,
        "--receive.local-endpoint=" + receiveGrpc, "--label=receive_replica=\"0\"",
        "--tracing.config=type: OTLP\nconfig:\n  client_type: grpc\n  endpoint: " + collector.grpcAddress()
            + "\n  insecure: true\n  service_name: thanos-receive\n")));
    String queryHttp = FreePorts.address();
    Path queryTracing = Files.writeString(tmp.resolve("query-tracing.yml"), """
        type: OTLP
        config:
          client_type: http
          endpoint: %s
          insecure: true
          service_name: thanos-query
          sampler_type: neversample
        """.formatted(collector.httpAddress()));
    processes.start("query", env.thanos(List.of("query", "--http-address=" + queryHttp,
        "--grpc-address=" + FreePorts.address(), "--endpoint=" + receiveGrpc,
        "--tracing.config-file=" + queryTracing)));

    String prometheus = FreePorts.address();
    env.startPrometheus(processes, prometheus, tmp.resolve("prometheus"), """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["%s"]
        remote_write:
          - url: http://%s/api/v1/receive
            queue_config:
              batch_send_deadline: 1s
        tracing:
          client_type: grpc
          endpoint: %s
          insecure: true
          sampling_fraction: 1.0
        """.formatted(prometheus, remoteWrite, collector.grpcAddress()));

    // A remote-write request: Prometheus's client span, then the receiver's server span as its child.
    Received receiveSpan = collector.await(s -> s.service().equals("thanos-receive")
        && s.name().equals("/receive HTTP[server]") && parentOf(collector, s).isPresent(), Duration.ofSeconds(90));
    assertThat(receiveSpan).as("a receiver span whose parent Prometheus exported").isNotNull();
    Received prometheusSpan = parentOf(collector, receiveSpan).orElseThrow();
    assertThat(prometheusSpan.service()).isEqualTo("prometheus");
    assertThat(prometheusSpan.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(receiveSpan.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(receiveSpan.attributes()).containsEntry("http.method", "POST").containsEntry("http.status_code", "200");

    // A query in the caller's trace: querier HTTP span -> StoreAPI client span -> receiver's server span.
    String query = "http://" + queryHttp + "/api/v1/query?query="
        + URLEncoder.encode("prometheus_build_info", StandardCharsets.UTF_8);
    E2eEnv.await(Duration.ofSeconds(60), "the querier to see the remote-written series",
        () -> PromApi.get(query).body().contains("\"prometheus_build_info\""));
    HttpClient http = HttpClient.newHttpClient();
    String traceId = OtlpCollector.randomId(16);
    String callerSpan = OtlpCollector.randomId(8);
    HttpResponse<String> traced = http.send(HttpRequest.newBuilder(URI.create(query))
        .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(traced.statusCode()).isEqualTo(200);
    assertThat(traced.headers().firstValue("X-Thanos-Trace-Id")).contains(traceId);

    Received storeServer = collector.await(s -> s.traceId().equals(traceId) && s.service().equals("thanos-receive")
        && s.name().equals("/thanos.Store/Series"), Duration.ofSeconds(30));
    assertThat(storeServer).as("the receiver's Series span in the caller's trace").isNotNull();
    assertThat(storeServer.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    Received storeClient = collector.await(s -> s.spanId().equals(storeServer.parentSpanId()), Duration.ofSeconds(30));
    assertThat(storeClient).as("the querier's client span, parent of the receiver's").isNotNull();
    assertThat(storeClient.service()).isEqualTo("thanos-query");
    assertThat(storeClient.name()).isEqualTo("/thanos.Store/Series");
    assertThat(storeClient.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    Received queryServer = collector.await(s -> s.spanId().equals(storeClient.parentSpanId()), Duration.ofSeconds(30));
    assertThat(queryServer).as("the querier's HTTP span, parent of its client span").isNotNull();
    assertThat(queryServer.name()).isEqualTo("/query HTTP[server]");
    assertThat(queryServer.parentSpanId()).isEqualTo(callerSpan);

    HttpResponse<String> untraced = http.send(HttpRequest.newBuilder(URI.create(query)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(untraced.statusCode()).isEqualTo(200);
    assertThat(untraced.headers().firstValue("X-Thanos-Trace-Id")).as("neversample, no parent, no force").isEmpty();
    HttpResponse<String> forced = http.send(HttpRequest.newBuilder(URI.create(query))
        .header("X-Thanos-Force-Tracing", "true").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forced.headers().firstValue("X-Thanos-Trace-Id")).as("forced").isPresent();
  }

  private static Optional<Received> parentOf(OtlpCollector collector, Received span) {
    if (span.parentSpanId().isEmpty()) {
      return Optional.empty();
    }
    return collector.spans().stream()
        .filter(p -> p.traceId().equals(span.traceId()) && p.spanId().equals(span.parentSpanId())).findFirst();
  }
}
