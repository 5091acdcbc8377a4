package io.jthanos.cmd.tracing.jaeger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentPacketSplittingTest {

  private DatagramSocket agent;
  private JaegerThriftExporter exporter;
  private SdkTracerProvider provider;
  private Tracer tracer;
  private final JaegerOracle.Capture capture = new JaegerOracle.Capture();

  @BeforeEach
  void start() throws Exception {
    agent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    agent.setSoTimeout(5000);
    agent.setReceiveBufferSize(1 << 22);
    exporter = JaegerThriftExporter.agent("127.0.0.1", agent.getLocalPort());
    provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder()
            .put("service.name", "thanos-store").put("host.name", "node-2").build()))
        .addSpanProcessor(SimpleSpanProcessor.create(capture))
        .build();
    tracer = provider.get("io.jthanos.test");
  }

  @AfterEach
  void stop() {
    exporter.shutdown();
    agent.close();
    provider.close();
  }

  @Test
  void batchLargerThanOnePacketArrivesSplitWithEverySpanOnce() throws Exception {
    int spans = 150;
    for (int i = 0; i < spans; i++) {
      tracer.spanBuilder("span-" + i).setAttribute("payload", "x".repeat(1000)).startSpan().end();
    }
    CompletableFuture<List<byte[]>> received = receiveSpans(spans);

    assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();

    List<byte[]> datagrams = received.get(10, SECONDS);
    assertThat(datagrams).hasSizeGreaterThanOrEqualTo(3);
    List<String> names = new ArrayList<>();
    for (byte[] datagram : datagrams) {
      assertThat(datagram.length).isLessThanOrEqualTo(65000);
      Batch batch = JaegerOracle.decodeEmitBatch(datagram);
      assertThat(batch.getProcess().getServiceName()).isEqualTo("thanos-store");
      assertThat(batch.getProcess().getTags()).containsExactly(JaegerOracle.str("host.name", "node-2"));
      batch.getSpans().forEach(span -> names.add(span.getOperationName()));
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(capture.spans.stream().map(s -> s.getName()).toList());
    assertThat(exporter.droppedSpans()).isZero();
  }

  @Test
  void spanTooLargeForAPacketIsDroppedAndTheOthersSent() throws Exception {
    tracer.spanBuilder("small-1").startSpan().end();
    tracer.spanBuilder("huge").setAttribute("payload", "x".repeat(65000)).startSpan().end();
    tracer.spanBuilder("small-2").startSpan().end();

    CompletableResultCode result = exporter.export(capture.spans).join(5, SECONDS);

    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.droppedSpans()).isEqualTo(1);
    Batch batch = JaegerOracle.decodeEmitBatch(JaegerOracle.receive(agent));
    assertThat(batch.getSpans()).extracting(Span::getOperationName).containsExactly("small-1", "small-2");
  }

  /** Receives while the exporter sends, so that the socket's receive buffer cannot overflow. */
  private CompletableFuture<List<byte[]>> receiveSpans(int expected) {
    return CompletableFuture.supplyAsync(() -> {
      List<byte[]> datagrams = new ArrayList<>();
      int spans = 0;
      try {
        while (spans < expected) {
          byte[] datagram = JaegerOracle.receive(agent);
          datagrams.add(datagram);
          spans += JaegerOracle.decodeEmitBatch(datagram).getSpansSize();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return datagrams;
    });
  }
}
