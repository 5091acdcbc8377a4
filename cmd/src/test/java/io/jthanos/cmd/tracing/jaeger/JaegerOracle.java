package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryInputTransport;

/** Decodes what the exporter sends with Jaeger's own generated thrift classes and libthrift. */
final class JaegerOracle {

  private JaegerOracle() {}

  /** One agent datagram: a oneway {@code emitBatch} message in the compact protocol. */
  static Batch decodeEmitBatch(byte[] datagram) throws Exception {
    TCompactProtocol protocol = new TCompactProtocol(new TMemoryInputTransport(datagram));
    TMessage message = protocol.readMessageBegin();
    assertThat(message.name).isEqualTo("emitBatch");
    assertThat(message.type).isEqualTo(TMessageType.ONEWAY);
    Agent.emitBatch_args args = new Agent.emitBatch_args();
    args.read(protocol);
    protocol.readMessageEnd();
    return args.getBatch();
  }

  /** A collector request body: a {@code Batch} in the binary protocol. */
  static Batch decodeBinaryBatch(byte[] body) throws Exception {
    Batch batch = new Batch();
    batch.read(new TBinaryProtocol(new TMemoryInputTransport(body)));
    return batch;
  }

  static byte[] receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
    socket.receive(packet);
    return Arrays.copyOf(packet.getData(), packet.getLength());
  }

  static Tag str(String key, String value) {
    return new Tag(key, TagType.STRING).setVStr(value);
  }

  static Tag bool(String key, boolean value) {
    return new Tag(key, TagType.BOOL).setVBool(value);
  }

  static Tag lng(String key, long value) {
    return new Tag(key, TagType.LONG).setVLong(value);
  }

  static Tag dbl(String key, double value) {
    return new Tag(key, TagType.DOUBLE).setVDouble(value);
  }

  static long high(byte[] id) {
    return ByteBuffer.wrap(id).getLong(0);
  }

  static long low(byte[] id) {
    return ByteBuffer.wrap(id).getLong(8);
  }

  /** Ids, name, flags and times of {@code span} against {@code data}. */
  static void assertIdentity(Span span, SpanData data) {
    assertThat(span.getTraceIdHigh()).isEqualTo(high(data.getSpanContext().getTraceIdBytes()));
    assertThat(span.getTraceIdLow()).isEqualTo(low(data.getSpanContext().getTraceIdBytes()));
    assertThat(span.getSpanId()).isEqualTo(high(data.getSpanContext().getSpanIdBytes()));
    assertThat(span.getParentSpanId()).isEqualTo(
        data.getParentSpanContext().isValid() ? high(data.getParentSpanContext().getSpanIdBytes()) : 0);
    assertThat(span.getOperationName()).isEqualTo(data.getName());
    assertThat(span.getFlags()).isEqualTo(1);
    assertThat(span.getStartTime()).isEqualTo(data.getStartEpochNanos() / 1000);
    assertThat(span.getDuration()).isEqualTo((data.getEndEpochNanos() - data.getStartEpochNanos()) / 1000);
  }

  /** Collects ended spans of an SDK tracer provider. */
  static final class Capture implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    SpanData named(String name) {
      return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }
  }
}
