package io.jthanos.cmd.tracing.jaeger;

/** A {@code jaeger.thrift} {@code Tag}: a key with a value of one of the tag types. */
sealed interface JaegerTag {

  String key();

  record StringTag(String key, String value) implements JaegerTag {}

  record DoubleTag(String key, double value) implements JaegerTag {}

  record BoolTag(String key, boolean value) implements JaegerTag {}

  record LongTag(String key, long value) implements JaegerTag {}
}
