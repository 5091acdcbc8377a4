package io.jthanos.promql.engine;

/** A string at a timestamp (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
}
