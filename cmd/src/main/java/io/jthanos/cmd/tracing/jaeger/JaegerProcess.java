package io.jthanos.cmd.tracing.jaeger;

import java.util.List;

/** A {@code jaeger.thrift} {@code Process}: the service and its resource attributes; empty tags are left out. */
record JaegerProcess(String serviceName, List<JaegerTag> tags) {}
