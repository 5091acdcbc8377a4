package io.jthanos.tsdb.head;

import java.util.Arrays;

/** Set operations on sorted arrays of series refs (postings lists). */
final class Postings {
    private Postings() {}

    static final long[] EMPTY = new long[0];

    static long[] intersect(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int i = 0, j = 0, n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                out[n++] = a[i];
                i++;
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code a} without the elements of {@code b}. */
    static long[] without(long[] a, long[] b) {
        if (b.length == 0) {
            return a;
        }
        long[] out = new long[a.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length) {
            if (j >= b.length || a[i] < b[j]) {
                out[n++] = a[i++];
            } else if (a[i] > b[j]) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        long[] out = new long[a.length + b.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                out[n++] = a[i++];
            } else if (i >= a.length || a[i] > b[j]) {
                out[n++] = b[j++];
            } else {
                out[n++] = a[i++];
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
