package io.jthanos.cmd.tracing.jaeger;

import static io.jthanos.cmd.tracing.jaeger.JaegerOracle.bool;
import static io.jthanos.cmd.tracing.jaeger.JaegerOracle.dbl;
import static io.jthanos.cmd.tracing.jaeger.JaegerOracle.lng;
import static io.jthanos.cmd.tracing.jaeger.JaegerOracle.str;
import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaegerThriftExporterAgentTest {

  private static final Resource RESOURCE = Resource.create(Attributes.builder()
      .put("service.name", "thanos-query")
      .put("host.name", "node-1")
      .put("process.pid", 42L)
      .build());
  /** High bits set in trace and parent span id: they must arrive as negative longs. */
  private static final SpanContext REMOTE_PARENT = SpanContext.createFromRemoteParent(
      "f00000000000000a8000000000000001", "8000000000000002", TraceFlags.getSampled(), TraceState.getDefault());
  private static final long START = 1_700_000_000_123_456_789L;

  private DatagramSocket agent;
  private JaegerThriftExporter exporter;
  private final JaegerOracle.Capture capture = new JaegerOracle.Capture();
  private final List<SdkTracerProvider> providers = new ArrayList<>();

  @BeforeEach
  void startAgent() throws Exception {
    agent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    agent.setSoTimeout(5000);
    exporter = JaegerThriftExporter.agent("127.0.0.1", agent.getLocalPort());
  }

  @AfterEach
  void stop() {
    exporter.shutdown();
    agent.close();
    providers.forEach(SdkTracerProvider::close);
  }

  @Test
  void exportsSpansAsOneEmitBatchDatagramWithEveryField() throws Exception {
    Tracer tracer = tracer(RESOURCE);
    io.opentelemetry.api.trace.Span linked = tracer.spanBuilder("linked").setNoParent().startSpan();
    linked.end();
    io.opentelemetry.api.trace.Span query = tracer.spanBuilder("query")
        .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(REMOTE_PARENT)))
        .setSpanKind(SpanKind.SERVER)
        .addLink(linked.getSpanContext())
        .setStartTimestamp(START, NANOSECONDS)
        .setAttribute("str", "v")
        .setAttribute("flag", true)
        .setAttribute("count", -7L)
        .setAttribute("ratio", 0.25)
        .setAttribute(stringArrayKey("strs"), List.of("a", "<b>\"c\"\n"))
        .setAttribute(booleanArrayKey("flags"), List.of(true, false))
        .setAttribute(longArrayKey("counts"), List.of(1L, -2L))
        .setAttribute(doubleArrayKey("ratios"), List.of(0.5, 1e21, 1e-7, 3.0))
        .startSpan();
    query.addEvent("cache miss", Attributes.of(stringKey("key"), "k1"), START + 1_000_999, NANOSECONDS);
    query.addEvent("retry", Attributes.builder().put("a", 1L).put("b", 2L).put("c", 3L).build(),
        START + 2_000_000, NANOSECONDS);
    query.setStatus(StatusCode.ERROR, "boom");
    Context queryContext = Context.root().with(query);
    tracer.spanBuilder("fetch").setParent(queryContext).setSpanKind(SpanKind.CLIENT).startSpan()
        .setStatus(StatusCode.OK).end();
    tracer.spanBuilder("publish").setParent(queryContext).setSpanKind(SpanKind.PRODUCER).startSpan().end();
    tracer.spanBuilder("consume").setParent(queryContext).setSpanKind(SpanKind.CONSUMER).startSpan().end();
    query.end(START + 2_500_999, NANOSECONDS);

    assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();
    Batch batch = JaegerOracle.decodeEmitBatch(JaegerOracle.receive(agent));

    assertThat(batch.getProcess().getServiceName()).isEqualTo("thanos-query");
    assertThat(batch.getProcess().getTags())
        .containsExactlyInAnyOrder(str("host.name", "node-1"), lng("process.pid", 42));
    assertThat(batch.getSpans()).hasSameSizeAs(capture.spans);
    Map<String, Span> byName = batch.getSpans().stream().collect(Collectors.toMap(Span::getOperationName, s -> s));
    for (SpanData data : capture.spans) {
      JaegerOracle.assertIdentity(byName.get(data.getName()), data);
    }

    Span jaegerQuery = byName.get("query");
    assertThat(jaegerQuery.getTraceIdHigh()).isEqualTo(0xf00000000000000aL).isNegative();
    assertThat(jaegerQuery.getTraceIdLow()).isEqualTo(0x8000000000000001L);
    assertThat(jaegerQuery.getParentSpanId()).isEqualTo(0x8000000000000002L);
    assertThat(jaegerQuery.getStartTime()).isEqualTo(1_700_000_000_123_456L);
    assertThat(jaegerQuery.getDuration()).isEqualTo(2500);
    List<io.jaegertracing.thriftjava.Tag> tags = jaegerQuery.getTags();
    assertThat(tags.subList(0, 8)).containsExactlyInAnyOrder(
        str("str", "v"),
        bool("flag", true),
        lng("count", -7),
        dbl("ratio", 0.25),
        str("strs", "[\"a\",\"\\u003cb\\u003e\\\"c\\\"\\n\"]"),
        str("flags", "[true,false]"),
        str("counts", "[1,-2]"),
        str("ratios", "[0.5,1e+21,1e-7,3]"));
    assertThat(tags.subList(8, tags.size())).containsExactly(
        str("otel.library.name", "io.jthanos.test"),
        str("otel.library.version", "1.2.3"),
        str("span.kind", "server"),
        bool("error", true),
        str("otel.status_code", "ERROR"),
        str("otel.status_description", "boom"));
    assertThat(jaegerQuery.getLogs()).containsExactly(
        new Log(1_700_000_000_124_457L, List.of(str("event", "cache miss"), str("key", "k1"))),
        new Log(1_700_000_000_125_456L, List.of(str("event", "retry"), lng("a", 1), lng("b", 2),
            lng("otel.event.dropped_attributes_count", 1))));
    SpanData linkedData = capture.named("linked");
    assertThat(jaegerQuery.getReferences()).containsExactly(new SpanRef(SpanRefType.FOLLOWS_FROM,
        JaegerOracle.low(linkedData.getSpanContext().getTraceIdBytes()),
        JaegerOracle.high(linkedData.getSpanContext().getTraceIdBytes()),
        JaegerOracle.high(linkedData.getSpanContext().getSpanIdBytes())));

    assertThat(byName.get("fetch").getParentSpanId()).isEqualTo(jaegerQuery.getSpanId());
    assertThat(byName.get("fetch").getTags()).containsExactly(
        str("otel.library.name", "io.jthanos.test"), str("otel.library.version", "1.2.3"),
        str("span.kind", "client"), str("otel.status_code", "OK"));
    assertThat(byName.get("fetch").isSetLogs()).isFalse();
    assertThat(byName.get("fetch").isSetReferences()).isFalse();
    assertThat(byName.get("publish").getTags()).contains(str("span.kind", "producer"));
    assertThat(byName.get("consume").getTags()).contains(str("span.kind", "consumer"));
    assertThat(byName.get("linked").getTags()).containsExactly(
        str("otel.library.name", "io.jthanos.test"), str("otel.library.version", "1.2.3"));
    assertThat(byName.get("linked").getParentSpanId()).isZero();
  }

  @Test
  void sendsOneBatchPerResourceAndDefaultsTheServiceName() throws Exception {
    tracer(RESOURCE).spanBuilder("a").startSpan().end();
    tracer(Resource.create(Attributes.of(stringKey("team"), "observability"))).spanBuilder("b").startSpan().end();
    tracer(RESOURCE).spanBuilder("c").startSpan().end();

    assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();
    List<Batch> batches = List.of(
        JaegerOracle.decodeEmitBatch(JaegerOracle.receive(agent)),
        JaegerOracle.decodeEmitBatch(JaegerOracle.receive(agent)));

    Map<String, Batch> byService = batches.stream()
        .collect(Collectors.toMap(b -> b.getProcess().getServiceName(), Function.identity()));
    assertThat(byService.get("thanos-query").getSpans()).extracting(Span::getOperationName).containsExactly("a", "c");
    Batch unnamed = byService.get("unknown_service:java");
    assertThat(unnamed.getSpans()).extracting(Span::getOperationName).containsExactly("b");
    assertThat(unnamed.getProcess().getTags()).containsExactly(str("team", "observability"));
  }

  @Test
  void processWithoutOtherAttributesHasNoTags() throws Exception {
    tracer(Resource.create(Attributes.of(stringKey("service.name"), "solo"))).spanBuilder("a").startSpan().end();

    assertThat(exporter.export(capture.spans).join(5, SECONDS).isSuccess()).isTrue();
    Batch batch = JaegerOracle.decodeEmitBatch(JaegerOracle.receive(agent));

    assertThat(batch.getProcess().getServiceName()).isEqualTo("solo");
    assertThat(batch.getProcess().isSetTags()).isFalse();
  }

  @Test
  void unresolvableAgentFailsTheExportWithoutThrowing() {
    tracer(RESOURCE).spanBuilder("a").startSpan().end();
    JaegerThriftExporter nowhere = JaegerThriftExporter.agent("no-such-jaeger-agent.invalid", 6831);
    try {
      CompletableResultCode result = nowhere.export(capture.spans).join(5, SECONDS);
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
    } finally {
      nowhere.shutdown();
    }
  }

  @Test
  void exportAfterShutdownFails() {
    tracer(RESOURCE).spanBuilder("a").startSpan().end();
    exporter.shutdown();

    assertThat(exporter.export(capture.spans).isSuccess()).isFalse();
  }

  private Tracer tracer(Resource resource) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSpanLimits(SpanLimits.builder().setMaxNumberOfAttributesPerEvent(2).build())
        .addSpanProcessor(SimpleSpanProcessor.create(capture))
        .build();
    providers.add(provider);
    return provider.tracerBuilder("io.jthanos.test").setInstrumentationVersion("1.2.3").build();
  }
}
