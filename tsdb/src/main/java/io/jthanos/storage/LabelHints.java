package io.jthanos.storage;

/**
 * Hints for label-name and label-value queries.
 *
 * @param limit the maximum number of results to return, 0 for no limit
 */
public record LabelHints(int limit) {
    public static final LabelHints NONE = new LabelHints(0);
}
