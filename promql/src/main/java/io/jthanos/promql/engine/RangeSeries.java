package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import java.util.Arrays;

/**
 * One series of a range vector: labels and parallel arrays of timestamps (milliseconds, increasing)
 * and values. The arrays are owned by this object; callers must not modify them.
 */
public record RangeSeries(Labels labels, long[] timestamps, double[] values) {

    public int size() {
        return timestamps.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeSeries s && s.labels.equals(labels) && Arrays.equals(s.timestamps, timestamps)
                && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(labels.toString()).append(" =>");
        for (int i = 0; i < timestamps.length; i++) {
            b.append(' ').append(io.jthanos.promql.parser.GoStrings.formatFloat(values[i])).append(" @[").append(timestamps[i]).append(']');
        }
        return b.toString();
    }
}
