package io.jthanos.promql.engine;

import io.jthanos.promql.parser.GoStrings;

/** A scalar at a timestamp (milliseconds). */
public record Scalar(long timestamp, double value) implements Value {

    @Override
    public String toString() {
        return "scalar: " + GoStrings.formatFloat(value) + " @[" + timestamp + "]";
    }
}
