package io.jthanos.model;

import java.util.Arrays;

/**
 * Mutable builder of {@link Labels}. Setting an empty value deletes the label, as in Prometheus.
 * Not thread-safe; reusable after {@link #build()} and {@link #reset(Labels)}.
 */
public final class LabelsBuilder {
    private String[] pairs = new String[16];
    private int size; // number of labels

    public LabelsBuilder() {}

    public LabelsBuilder(Labels base) {
        reset(base);
    }

    /** Replaces the content with {@code base}. */
    public LabelsBuilder reset(Labels base) {
        size = 0;
        ensure(base.size());
        for (int i = 0; i < base.size(); i++) {
            pairs[size * 2] = base.name(i);
            pairs[size * 2 + 1] = base.value(i);
            size++;
        }
        return this;
    }

    /** Sets {@code name} to {@code value}; an empty value deletes the label. */
    public LabelsBuilder set(String name, String value) {
        if (value == null || value.isEmpty()) {
            return delete(name);
        }
        int i = find(name);
        if (i >= 0) {
            pairs[i * 2 + 1] = value;
            return this;
        }
        int at = -i - 1;
        ensure(size + 1);
        System.arraycopy(pairs, at * 2, pairs, at * 2 + 2, (size - at) * 2);
        pairs[at * 2] = name;
        pairs[at * 2 + 1] = value;
        size++;
        return this;
    }

    /** Removes {@code name} if present. */
    public LabelsBuilder delete(String name) {
        int i = find(name);
        if (i >= 0) {
            System.arraycopy(pairs, i * 2 + 2, pairs, i * 2, (size - i - 1) * 2);
            size--;
            pairs[size * 2] = null;
            pairs[size * 2 + 1] = null;
        }
        return this;
    }

    /** Whether a label with this name is set. */
    public boolean contains(String name) {
        return find(name) >= 0;
    }

    /** The value set for {@code name}, or {@code null}. */
    public String get(String name) {
        int i = find(name);
        return i >= 0 ? pairs[i * 2 + 1] : null;
    }

    /** The labels built so far; the builder stays usable. */
    public Labels build() {
        return Labels.fromSortedPairs(Arrays.copyOf(pairs, size * 2));
    }

    private int find(String name) {
        int lo = 0, hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Labels.compareStrings(pairs[mid * 2], name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void ensure(int labels) {
        if (labels * 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(labels * 2, pairs.length * 2));
        }
    }
}
