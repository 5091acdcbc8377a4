package io.jthanos.tsdb.head;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Sorted, growable arrays of series refs as the head's postings hold them: an {@code int[]} of
 * unsigned 32-bit refs while every ref fits (4 bytes per entry), widened to a {@code long[]} for good
 * once a larger ref arrives. The owner keeps the array and its size; operations that may reallocate
 * return the array to keep.
 */
final class RefArrays {
    private RefArrays() {}

    static final long MAX_NARROW = 0xFFFF_FFFFL;

    /** A new array holding {@code ref} and {@code ref2} (in that order) with room to grow. */
    static Object of(long ref, long ref2) {
        if (ref <= MAX_NARROW && ref2 <= MAX_NARROW) {
            return new int[] {(int) ref, (int) ref2};
        }
        return new long[] {ref, ref2};
    }

    /** Inserts {@code ref} into the sorted first {@code size} entries of {@code refs}; returns the array to keep. */
    static Object insert(Object refs, int size, long ref) {
        if (refs instanceof int[] ints && ref <= MAX_NARROW) {
            if (size == ints.length) {
                ints = Arrays.copyOf(ints, grow(size));
            }
            // refs are handed out in increasing order but may arrive slightly out of order: insertion sort from the back
            int r = (int) ref;
            int i = size;
            while (i > 0 && Integer.compareUnsigned(ints[i - 1], r) > 0) {
                ints[i] = ints[i - 1];
                i--;
            }
            ints[i] = r;
            return ints;
        }
        long[] longs = refs instanceof int[] ints ? widen(ints, size) : (long[]) refs;
        if (size == longs.length) {
            longs = Arrays.copyOf(longs, grow(size));
        }
        int i = size;
        while (i > 0 && longs[i - 1] > ref) {
            longs[i] = longs[i - 1];
            i--;
        }
        longs[i] = ref;
        return longs;
    }

    /** 1.5× growth: less slack than doubling for lists that stop growing. */
    private static int grow(int size) {
        return size + Math.max(2, size >> 1);
    }

    private static long[] widen(int[] ints, int size) {
        long[] out = new long[Math.max(ints.length, 2)];
        for (int i = 0; i < size; i++) {
            out[i] = Integer.toUnsignedLong(ints[i]);
        }
        return out;
    }

    /** Copies the first {@code size} refs to {@code out} at {@code at}. */
    static void copyTo(Object refs, int size, long[] out, int at) {
        if (refs instanceof int[] ints) {
            for (int i = 0; i < size; i++) {
                out[at + i] = Integer.toUnsignedLong(ints[i]);
            }
        } else {
            System.arraycopy((long[]) refs, 0, out, at, size);
        }
    }

    /** Removes in place the refs for which {@code deleted} holds; returns the new size. */
    static int removeIf(Object refs, int size, LongPredicate deleted) {
        int n = 0;
        if (refs instanceof int[] ints) {
            for (int i = 0; i < size; i++) {
                if (!deleted.test(Integer.toUnsignedLong(ints[i]))) {
                    ints[n++] = ints[i];
                }
            }
        } else {
            long[] longs = (long[]) refs;
            for (int i = 0; i < size; i++) {
                if (!deleted.test(longs[i])) {
                    longs[n++] = longs[i];
                }
            }
        }
        return n;
    }

    /** The array trimmed when most of it is unused after {@link #removeIf}. */
    static Object trim(Object refs, int size) {
        int length = refs instanceof int[] ints ? ints.length : ((long[]) refs).length;
        if (length <= 16 || size >= length / 2) {
            return refs;
        }
        int cap = Math.max(2, size + (size >> 2));
        return refs instanceof int[] ints ? Arrays.copyOf(ints, cap) : Arrays.copyOf((long[]) refs, cap);
    }

    /** The ref at {@code i}. */
    static long get(Object refs, int i) {
        return refs instanceof int[] ints ? Integer.toUnsignedLong(ints[i]) : ((long[]) refs)[i];
    }
}
