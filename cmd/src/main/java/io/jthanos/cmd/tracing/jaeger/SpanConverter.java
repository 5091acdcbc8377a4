package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts OpenTelemetry spans to the Jaeger model as OpenTelemetry Go's Jaeger exporter does: one batch per
 * resource, with {@code service.name} as the process's service and the other resource attributes as its tags; span
 * attributes, instrumentation scope ({@code otel.library.*}), kind and status as span tags; events as logs; links as
 * {@code FOLLOWS_FROM} references.
 */
final class SpanConverter {

  static final String SERVICE_NAME = "service.name";

  private static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey(SERVICE_NAME);
  /**
   * Jaeger's sampled flag. Go copies the W3C flags byte, which held only this bit; OpenTelemetry Java also sets the
   * W3C level-2 random bit (0x02), which Jaeger would read as its debug flag.
   */
  private static final int SAMPLED = 1;

  private final String defaultServiceName;

  /** @param defaultServiceName the service of resources without a non-empty {@code service.name} */
  SpanConverter(String defaultServiceName) {
    this.defaultServiceName = defaultServiceName;
  }

  List<JaegerBatch> toBatches(Collection<SpanData> spans) {
    Map<Resource, List<JaegerSpan>> byResource = new LinkedHashMap<>();
    for (SpanData span : spans) {
      byResource.computeIfAbsent(span.getResource(), r -> new ArrayList<>()).add(span(span));
    }
    List<JaegerBatch> batches = new ArrayList<>(byResource.size());
    byResource.forEach((resource, jaegerSpans) -> batches.add(new JaegerBatch(process(resource), jaegerSpans)));
    return batches;
  }

  JaegerProcess process(Resource resource) {
    List<JaegerTag> tags = new ArrayList<>();
    resource.getAttributes().forEach((key, value) -> {
      if (!key.getKey().equals(SERVICE_NAME)) {
        addTag(tags, key, value);
      }
    });
    String serviceName = resource.getAttribute(SERVICE_NAME_KEY);
    return new JaegerProcess(serviceName == null || serviceName.isEmpty() ? defaultServiceName : serviceName, tags);
  }

  JaegerSpan span(SpanData span) {
    List<JaegerTag> tags = new ArrayList<>(span.getAttributes().size() + 5);
    addTags(tags, span.getAttributes());
    InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
    if (!scope.getName().isEmpty()) {
      tags.add(new JaegerTag.StringTag("otel.library.name", scope.getName()));
      if (scope.getVersion() != null && !scope.getVersion().isEmpty()) {
        tags.add(new JaegerTag.StringTag("otel.library.version", scope.getVersion()));
      }
    }
    if (span.getKind() != SpanKind.INTERNAL) {
      tags.add(new JaegerTag.StringTag("span.kind", span.getKind().name().toLowerCase(Locale.ROOT)));
    }
    addStatusTags(tags, span.getStatus());

    SpanContext context = span.getSpanContext();
    String traceId = context.getTraceId();
    return new JaegerSpan(
        hexToLong(traceId, 16),
        hexToLong(traceId, 0),
        hexToLong(context.getSpanId(), 0),
        hexToLong(span.getParentSpanContext().getSpanId(), 0),
        span.getName(),
        references(span.getLinks()),
        context.isSampled() ? SAMPLED : 0,
        span.getStartEpochNanos() / 1000,
        (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000,
        tags,
        logs(span.getEvents()));
  }

  private static void addStatusTags(List<JaegerTag> tags, StatusData status) {
    switch (status.getStatusCode()) {
      case UNSET -> {
        return;
      }
      case OK -> tags.add(new JaegerTag.StringTag("otel.status_code", "OK"));
      case ERROR -> {
        tags.add(new JaegerTag.BoolTag("error", true));
        tags.add(new JaegerTag.StringTag("otel.status_code", "ERROR"));
      }
    }
    if (!status.getDescription().isEmpty()) {
      tags.add(new JaegerTag.StringTag("otel.status_description", status.getDescription()));
    }
  }

  private static List<JaegerLog> logs(List<EventData> events) {
    List<JaegerLog> logs = new ArrayList<>(events.size());
    for (EventData event : events) {
      List<JaegerTag> fields = new ArrayList<>(event.getAttributes().size() + 2);
      // Go puts the name first so that an attribute with the same key takes precedence in Jaeger's UI
      if (!event.getName().isEmpty()) {
        fields.add(new JaegerTag.StringTag("event", event.getName()));
      }
      addTags(fields, event.getAttributes());
      if (event.getDroppedAttributesCount() != 0) {
        fields.add(new JaegerTag.LongTag("otel.event.dropped_attributes_count", event.getDroppedAttributesCount()));
      }
      logs.add(new JaegerLog(event.getEpochNanos() / 1000, fields));
    }
    return logs;
  }

  private static List<JaegerSpanRef> references(List<LinkData> links) {
    List<JaegerSpanRef> refs = new ArrayList<>(links.size());
    for (LinkData link : links) {
      SpanContext linked = link.getSpanContext();
      refs.add(new JaegerSpanRef(
          hexToLong(linked.getTraceId(), 16), hexToLong(linked.getTraceId(), 0),
          hexToLong(linked.getSpanId(), 0)));
    }
    return refs;
  }

  private static void addTags(List<JaegerTag> tags, Attributes attributes) {
    attributes.forEach((key, value) -> addTag(tags, key, value));
  }

  /** Attribute types the Go exporter does not know (complex values) are skipped, as there. */
  @SuppressWarnings("unchecked")
  private static void addTag(List<JaegerTag> tags, AttributeKey<?> key, Object value) {
    String name = key.getKey();
    switch (key.getType()) {
      case STRING -> tags.add(new JaegerTag.StringTag(name, (String) value));
      case BOOLEAN -> tags.add(new JaegerTag.BoolTag(name, (Boolean) value));
      case LONG -> tags.add(new JaegerTag.LongTag(name, (Long) value));
      case DOUBLE -> tags.add(new JaegerTag.DoubleTag(name, (Double) value));
      case STRING_ARRAY -> tags.add(new JaegerTag.StringTag(name, GoJsonArray.ofStrings((List<String>) value)));
      case BOOLEAN_ARRAY, LONG_ARRAY -> tags.add(new JaegerTag.StringTag(name, GoJsonArray.ofPlain((List<?>) value)));
      case DOUBLE_ARRAY -> tags.add(new JaegerTag.StringTag(name, GoJsonArray.ofDoubles((List<Double>) value)));
      default -> {}
    }
  }

  /** The 16 hex digits at {@code from} as the signed long of their big-endian bytes. */
  private static long hexToLong(String hex, int from) {
    return HexFormat.fromHexDigitsToLong(hex, from, from + 16);
  }
}
