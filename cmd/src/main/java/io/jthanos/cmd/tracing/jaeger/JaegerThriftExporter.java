package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports spans to Jaeger in its thrift model, as OpenTelemetry Go's (now removed) Jaeger exporter that Thanos uses
 * for {@code --tracing.config} of {@code type: JAEGER}: either to an agent over UDP (compact protocol,
 * {@code emitBatch}, at most {@value AgentUdpSender#MAX_PACKET_SIZE} bytes a datagram) or to a collector over HTTP
 * (binary protocol). Spans are grouped into one batch per resource, whose {@code service.name} names the process.
 *
 * <p>{@link #export} never throws: failures are logged with the agent address or collector endpoint and reported
 * in the result. Exports after {@link #shutdown} fail. Thread-safe.
 */
public final class JaegerThriftExporter implements SpanExporter {

  /** Agent host when the configuration names neither collector endpoint nor agent. */
  public static final String DEFAULT_AGENT_HOST = "localhost";
  /** Agent port (compact thrift) when the configuration names neither collector endpoint nor agent. */
  public static final int DEFAULT_AGENT_PORT = 6831;
  /** How often the agent host name is resolved again, as the Go exporter's reconnecting UDP client. */
  public static final Duration DEFAULT_RE_RESOLVE_INTERVAL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(JaegerThriftExporter.class);

  private final SpanConverter converter;
  private final BatchSender sender;
  private final String destination;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  private JaegerThriftExporter(BatchSender sender, String destination) {
    this.converter = new SpanConverter(
        Resource.getDefault().getAttribute(AttributeKey.stringKey(SpanConverter.SERVICE_NAME)));
    this.sender = sender;
    this.destination = destination;
  }

  /** To the agent at {@code host:port}, resolving the host again every {@link #DEFAULT_RE_RESOLVE_INTERVAL}. */
  public static JaegerThriftExporter agent(String host, int port) {
    return agent(host, port, DEFAULT_RE_RESOLVE_INTERVAL);
  }

  /**
   * To the agent at {@code host:port} over UDP. The host need not resolve yet: sends fail until it does.
   *
   * @throws UncheckedIOException if no UDP socket can be opened
   */
  public static JaegerThriftExporter agent(String host, int port, Duration reResolveInterval) {
    try {
      ResolvingUdpChannel channel = new ResolvingUdpChannel(
          host, port, AgentUdpSender.MAX_PACKET_SIZE, reResolveInterval);
      return new JaegerThriftExporter(new AgentUdpSender(channel), "agent udp://" + channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a UDP socket for Jaeger agent " + host + ":" + port, e);
    }
  }

  /**
   * To the collector at {@code endpoint}, e.g. {@code http://jaeger-collector:14268/api/traces}.
   *
   * @param user with {@code password}, HTTP basic auth; {@code null} or empty in either means none
   */
  public static JaegerThriftExporter collector(URI endpoint, String user, String password) {
    return new JaegerThriftExporter(new CollectorHttpSender(endpoint, user, password), "collector " + endpoint);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown.get()) {
      LOG.debug("Not exporting {} spans to Jaeger {}: the exporter is shut down", spans.size(), destination);
      return CompletableResultCode.ofFailure();
    }
    try {
      List<CompletableResultCode> results = new ArrayList<>();
      for (JaegerBatch batch : converter.toBatches(spans)) {
        results.add(sender.send(batch));
      }
      return results.size() == 1 ? results.getFirst() : CompletableResultCode.ofAll(results);
    } catch (RuntimeException e) {
      LOG.warn("Exporting {} spans to Jaeger {} failed", spans.size(), destination, e);
      return CompletableResultCode.ofExceptionalFailure(e);
    }
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    if (shutdown.compareAndSet(false, true)) {
      sender.close();
    }
    return CompletableResultCode.ofSuccess();
  }

  /** Spans dropped because they could not fit a UDP packet even alone; always 0 for a collector. */
  public long droppedSpans() {
    return sender.droppedSpans();
  }

  @Override
  public String toString() {
    return "JaegerThriftExporter{" + destination + "}";
  }
}
