package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches to a Jaeger agent as {@code agent.thrift}'s oneway {@code emitBatch} in the compact protocol, one
 * UDP datagram per call. A batch that does not fit one datagram is split into several of the same process; a span
 * that cannot fit even alone is dropped, counted and logged, and fails the export, as in the Go exporter.
 */
final class AgentUdpSender implements BatchSender {

  /** Largest datagram, synced with jaeger-agent, as in the Go exporter. */
  static final int MAX_PACKET_SIZE = 65000;

  /**
   * Bytes reserved for the message header and the Batch and argument framing around process and spans; the Go
   * exporter defines the same constant (but does not reserve it). The framing takes at most 28 bytes.
   */
  static final int EMIT_BATCH_OVERHEAD = 70;

  private static final Logger LOG = LoggerFactory.getLogger(AgentUdpSender.class);
  private static final HexFormat HEX = HexFormat.of();
  /** {@code emitBatch_args}' only field, {@code 1: jaeger.Batch batch}. */
  private static final int EMIT_BATCH_ARG_BATCH = 1;

  private final ResolvingUdpChannel channel;
  private final ThriftCompactWriter writer = new ThriftCompactWriter();
  private final AtomicLong droppedSpans = new AtomicLong();
  private int seqId;

  AgentUdpSender(ResolvingUdpChannel channel) {
    this.channel = channel;
  }

  @Override
  public synchronized CompletableResultCode send(JaegerBatch batch) {
    byte[] process = encode(w -> JaegerThriftEncoder.writeProcess(w, batch.process()));
    List<byte[]> pending = new ArrayList<>();
    int pendingBytes = process.length + EMIT_BATCH_OVERHEAD;
    boolean ok = true;
    for (JaegerSpan span : batch.spans()) {
      byte[] encoded = encode(w -> JaegerThriftEncoder.writeSpan(w, span));
      if (process.length + EMIT_BATCH_OVERHEAD + encoded.length > MAX_PACKET_SIZE) {
        droppedSpans.incrementAndGet();
        LOG.warn("Dropping span {} of trace {}{}: {} bytes do not fit a {}-byte UDP packet to Jaeger agent {}",
            span.operationName(), HEX.toHexDigits(span.traceIdHigh()), HEX.toHexDigits(span.traceIdLow()),
            encoded.length, MAX_PACKET_SIZE, channel);
        ok = false;
        continue;
      }
      if (pendingBytes + encoded.length > MAX_PACKET_SIZE) {
        ok &= emit(process, pending);
        pending.clear();
        pendingBytes = process.length + EMIT_BATCH_OVERHEAD;
      }
      pending.add(encoded);
      pendingBytes += encoded.length;
    }
    if (!pending.isEmpty()) {
      ok &= emit(process, pending);
    }
    return ok ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
  }

  @Override
  public long droppedSpans() {
    return droppedSpans.get();
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Closing the UDP socket to Jaeger agent {} failed", channel, e);
    }
  }

  private boolean emit(byte[] process, List<byte[]> spans) {
    writer.reset();
    writer.messageBegin("emitBatch", ThriftCompactWriter.MESSAGE_ONEWAY, ++seqId);
    writer.structBegin();
    writer.fieldBegin(EMIT_BATCH_ARG_BATCH, ThriftType.STRUCT);
    writer.structBegin();
    writer.fieldBegin(JaegerThriftEncoder.BATCH_PROCESS, ThriftType.STRUCT);
    writer.writeRaw(process);
    writer.fieldBegin(JaegerThriftEncoder.BATCH_SPANS, ThriftType.LIST);
    writer.listBegin(ThriftType.STRUCT, spans.size());
    for (byte[] span : spans) {
      writer.writeRaw(span);
    }
    writer.structEnd();
    writer.structEnd();
    try {
      channel.send(writer.toByteArray());
      return true;
    } catch (IOException e) {
      LOG.warn("Sending {} spans to Jaeger agent {} over UDP failed: {}", spans.size(), channel, e.toString());
      return false;
    }
  }

  private byte[] encode(Consumer<ThriftWriter> write) {
    writer.reset();
    write.accept(writer);
    return writer.toByteArray();
  }
}
