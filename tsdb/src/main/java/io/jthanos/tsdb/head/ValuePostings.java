package io.jthanos.tsdb.head;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The values of one label name, each with the sorted refs of the series carrying it: an
 * open-addressing table (linear probing) over parallel arrays, so a value costs a few array slots
 * instead of map nodes. A value held by a single series, common for labels such as {@code instance},
 * keeps its ref inline without a list (when the ref fits 32 bits, as {@link RefArrays}). The keys are the canonical strings that series labels share.
 * Not thread-safe; {@link MemPostings} guards it.
 */
final class ValuePostings {
    final String name;
    private String[] keys = new String[4];
    /** Per slot: {@link RefArrays} array, or null when the value has one series with a 32-bit ref. */
    private Object[] lists = new Object[4];
    /** Per slot: the list's size, or the unsigned 32-bit ref itself when {@code lists[slot] == null}. */
    private int[] meta = new int[4];
    private int size;

    ValuePostings(String name) {
        this.name = name;
    }

    private static int hash(String s) {
        int h = s.hashCode();
        return h ^ (h >>> 16);
    }

    private int slot(String value) {
        int mask = keys.length - 1;
        for (int i = hash(value) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null || k.equals(value)) {
                return i;
            }
        }
    }

    /** Adds {@code ref} to the list of {@code value}; returns the canonical string of {@code value}. */
    String add(String value, long ref) {
        int i = slot(value);
        String k = keys[i];
        if (k == null) {
            if ((size + 1) * 4 > keys.length * 3) {
                resize(keys.length * 2);
                i = slot(value);
            }
            keys[i] = value;
            if (ref <= RefArrays.MAX_NARROW) {
                meta[i] = (int) ref;
            } else {
                lists[i] = new long[] {ref};
                meta[i] = 1;
            }
            size++;
            return value;
        }
        if (lists[i] == null) {
            long other = Integer.toUnsignedLong(meta[i]);
            lists[i] = other < ref ? RefArrays.of(other, ref) : RefArrays.of(ref, other);
            meta[i] = 2;
        } else {
            int n = meta[i];
            lists[i] = RefArrays.insert(lists[i], n, ref);
            meta[i] = n + 1;
        }
        return k;
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        Object[] oldLists = lists;
        int[] oldMeta = meta;
        keys = new String[capacity];
        lists = new Object[capacity];
        meta = new int[capacity];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                lists[i] = oldLists[j];
                meta[i] = oldMeta[j];
            }
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds every value to {@code out}. */
    void values(Collection<String> out) {
        for (String k : keys) {
            if (k != null) {
                out.add(k);
            }
        }
    }

    /** Calls {@code action} with every value and the number of series that have it. */
    void forEachCount(java.util.function.ObjIntConsumer<String> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], count(i));
            }
        }
    }

    /** The sorted refs of the series whose value is one of {@code values}. */
    long[] refsOf(Collection<String> values) {
        int[] slots = new int[values.size()];
        int n = 0;
        for (String v : values) {
            int i = slot(v);
            if (keys[i] != null) {
                slots[n++] = i;
            }
        }
        return union(slots, n);
    }

    /** The sorted refs of the series whose value matches {@code p}. */
    long[] refsMatching(Predicate<String> p) {
        int[] slots = new int[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && p.test(keys[i])) {
                slots[n++] = i;
            }
        }
        return union(slots, n);
    }

    private int count(int slot) {
        return lists[slot] == null ? 1 : meta[slot];
    }

    /** The union of the slots' lists, which are disjoint: a series has one value per name. */
    private long[] union(int[] slots, int n) {
        int total = 0;
        for (int j = 0; j < n; j++) {
            total += count(slots[j]);
        }
        long[] out = new long[total];
        int at = 0;
        for (int j = 0; j < n; j++) {
            int i = slots[j];
            if (lists[i] == null) {
                out[at++] = Integer.toUnsignedLong(meta[i]);
            } else {
                RefArrays.copyTo(lists[i], meta[i], out, at);
                at += meta[i];
            }
        }
        if (n > 1) {
            Arrays.sort(out);
        }
        return out;
    }

    /** Removes the refs for which {@code deleted} holds, and the values left without series. */
    void removeIf(LongPredicate deleted) {
        String[] oldKeys = keys;
        Object[] oldLists = lists;
        int[] oldMeta = meta;
        int live = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            if (oldLists[j] == null) {
                if (deleted.test(Integer.toUnsignedLong(oldMeta[j]))) {
                    oldKeys[j] = null;
                    continue;
                }
            } else {
                int n = RefArrays.removeIf(oldLists[j], oldMeta[j], deleted);
                if (n == 0) {
                    oldKeys[j] = null;
                    continue;
                }
                long first = RefArrays.get(oldLists[j], 0);
                if (n == 1 && first <= RefArrays.MAX_NARROW) {
                    oldMeta[j] = (int) first;
                    oldLists[j] = null;
                } else {
                    oldLists[j] = RefArrays.trim(oldLists[j], n);
                    oldMeta[j] = n;
                }
            }
            live++;
        }
        // rebuild: removed keys would break probe runs, and the table may shrink
        int capacity = 4;
        while (live * 4 > capacity * 3) {
            capacity *= 2;
        }
        keys = new String[capacity];
        lists = new Object[capacity];
        meta = new int[capacity];
        size = live;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                lists[i] = oldLists[j];
                meta[i] = oldMeta[j];
            }
        }
    }
}
