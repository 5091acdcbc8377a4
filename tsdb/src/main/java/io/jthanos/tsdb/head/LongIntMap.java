package io.jthanos.tsdb.head;

import java.util.Arrays;

/**
 * A reusable open-addressing {@code long → int} map for per-batch bookkeeping; {@link #clear()} is
 * cheap when few keys were set. Key 0 is reserved. Not thread-safe.
 */
final class LongIntMap {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private int size;

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Sets the value of {@code key}; returns the previous value, or -1. */
    int put(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                int previous = values[i];
                values[i] = value;
                return previous;
            }
            if (keys[i] == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return -1;
            }
        }
    }

    /** Makes room for {@code n} keys without growing. */
    void reserve(int n) {
        if (size == 0 && n * 2 > keys.length) {
            int capacity = Integer.highestOneBit(n * 2 - 1) << 1;
            keys = new long[capacity];
            values = new int[capacity];
        }
        while (n * 2 > keys.length) {
            grow();
        }
    }

    void clear() {
        if (size > 0) {
            if (keys.length > 4096) {
                keys = new long[64];
                values = new int[64];
            } else {
                Arrays.fill(keys, 0);
            }
            size = 0;
        }
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != 0) {
                put(ok[i], ov[i]);
            }
        }
    }
}
