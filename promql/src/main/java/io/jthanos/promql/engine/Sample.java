package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import io.jthanos.promql.parser.GoStrings;

/** One element of an instant vector: a series' labels and its value at a timestamp (milliseconds). */
public record Sample(Labels labels, long timestamp, double value) {

    @Override
    public String toString() {
        return labels + " => " + GoStrings.formatFloat(value) + " @[" + timestamp + "]";
    }
}
