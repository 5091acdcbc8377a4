package io.jthanos.cmd.tracing.jaeger;

/** A {@code jaeger.thrift} {@code SpanRef} of type {@code FOLLOWS_FROM}, made from a span link. */
record JaegerSpanRef(long traceIdLow, long traceIdHigh, long spanId) {}
