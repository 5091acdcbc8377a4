package io.jthanos.cmd.tracing.jaeger;

import java.util.List;

/**
 * A {@code jaeger.thrift} {@code Span}. Ids are the big-endian halves of the OpenTelemetry ids read as signed
 * longs; times are microseconds. Empty {@code references} and {@code logs} are left out on the wire, {@code tags}
 * never.
 */
record JaegerSpan(
    long traceIdLow,
    long traceIdHigh,
    long spanId,
    long parentSpanId,
    String operationName,
    List<JaegerSpanRef> references,
    int flags,
    long startTime,
    long duration,
    List<JaegerTag> tags,
    List<JaegerLog> logs) {}
