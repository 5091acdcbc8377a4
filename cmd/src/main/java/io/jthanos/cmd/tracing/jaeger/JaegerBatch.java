package io.jthanos.cmd.tracing.jaeger;

import java.util.List;

/** A {@code jaeger.thrift} {@code Batch}: spans of one process. */
record JaegerBatch(JaegerProcess process, List<JaegerSpan> spans) {}
