package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;

/**
 * A label set in some other form than a {@link Labels} object (for example the UTF-8 bytes of a
 * remote-write request), by which {@link HeadAppender#appendByKey(long, LabelsKey, long, double)} finds an
 * existing series without building its labels: the head probes its series-by-labels table with
 * {@link #labelsHash()} and compares candidates with {@link #matches}; only a new series costs
 * {@link #toLabels()}.
 *
 * <p>Contract: the key stands for one valid label set {@code L} (sorted, unique, non-empty names and
 * values, as {@link Labels} holds them); {@link #labelsHash()} equals {@code L.hashCode()} and
 * {@link #matches(Labels)} equals {@code L.equals(labels)}. A key that breaks this finds the wrong
 * series or none.
 */
public interface LabelsKey {
    /** {@link Labels#hashCode()} of the labels this key stands for. */
    int labelsHash();

    /** Whether {@code labels} are exactly the labels this key stands for. */
    boolean matches(Labels labels);

    /** The labels, built when the series is new. */
    Labels toLabels();

    /** The key of labels already built. */
    static LabelsKey of(Labels labels) {
        return new LabelsKey() {
            @Override
            public int labelsHash() {
                return labels.hashCode();
            }

            @Override
            public boolean matches(Labels other) {
                return labels.equals(other);
            }

            @Override
            public Labels toLabels() {
                return labels;
            }
        };
    }
}
