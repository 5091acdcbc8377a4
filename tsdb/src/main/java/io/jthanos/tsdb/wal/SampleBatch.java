package io.jthanos.tsdb.wal;

import java.util.Arrays;

/**
 * Float samples as parallel primitive columns (series ref, timestamp, value): what a samples record
 * holds. Reusable: {@link #clear()} keeps the arrays.
 */
public final class SampleBatch {
    private long[] refs;
    private long[] timestamps;
    private double[] values;
    private int size;

    public SampleBatch() {
        this(64);
    }

    public SampleBatch(int capacity) {
        refs = new long[capacity];
        timestamps = new long[capacity];
        values = new double[capacity];
    }

    public void add(long ref, long t, double v) {
        if (size == refs.length) {
            int n = Math.max(16, size * 2);
            refs = Arrays.copyOf(refs, n);
            timestamps = Arrays.copyOf(timestamps, n);
            values = Arrays.copyOf(values, n);
        }
        refs[size] = ref;
        timestamps[size] = t;
        values[size] = v;
        size++;
    }

    public int size() {
        return size;
    }

    public long ref(int i) {
        return refs[i];
    }

    public long t(int i) {
        return timestamps[i];
    }

    public double v(int i) {
        return values[i];
    }

    public void clear() {
        size = 0;
    }
}
