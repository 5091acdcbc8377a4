package io.jthanos.compact.downsample;

import java.util.Arrays;

/** A growable pair of primitive arrays holding one series' samples; reused from series to series. */
final class SampleBuffer {
    long[] t = new long[256];
    double[] v = new double[256];
    int n;

    void clear() {
        n = 0;
    }

    void add(long ts, double val) {
        if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            v = Arrays.copyOf(v, n * 2);
        }
        t[n] = ts;
        v[n] = val;
        n++;
    }
}
