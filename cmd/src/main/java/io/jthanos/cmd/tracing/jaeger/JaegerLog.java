package io.jthanos.cmd.tracing.jaeger;

import java.util.List;

/**
 * A {@code jaeger.thrift} {@code Log}, made from a span event.
 *
 * @param timestamp microseconds since the epoch
 * @param fields the event name as field {@code event}, then the event's attributes
 */
record JaegerLog(long timestamp, List<JaegerTag> fields) {}
