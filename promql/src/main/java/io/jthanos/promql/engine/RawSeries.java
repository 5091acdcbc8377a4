package io.jthanos.promql.engine;

import io.jthanos.model.Labels;

/**
 * The samples of one series over a time range: parallel arrays, timestamps increasing, {@code size}
 * valid entries. Internal to the engine.
 */
public record RawSeries(Labels labels, long[] timestamps, double[] values, int size) {

    /** Index of the first sample with timestamp {@code > t}, searching from {@code from}. */
    public int firstAfter(long t, int from) {
        int i = from;
        while (i < size && timestamps[i] <= t) {
            i++;
        }
        return i;
    }
}
