package io.jthanos.storage;

import java.util.List;

/**
 * What a select is for, so that storage can prune and pre-aggregate (Prometheus's
 * {@code storage.SelectHints}). All times in milliseconds. Hints are advisory: storage may return more
 * than asked, never less.
 *
 * @param start the earliest timestamp the caller needs (inclusive)
 * @param end the latest timestamp the caller needs (inclusive)
 * @param step query step, 0 for instant queries
 * @param func the surrounding PromQL function or aggregation, e.g. {@code rate}, or {@code null}
 * @param range the range of a matrix selector, 0 for instant vectors
 * @param grouping the labels of a surrounding aggregation
 * @param by whether {@code grouping} is {@code by} (true) or {@code without} (false)
 * @param disableTrimming whether chunks outside {@code [start, end]} must be kept whole
 */
public record SelectHints(long start, long end, long step, String func, long range, List<String> grouping,
        boolean by, boolean disableTrimming) {
    public SelectHints {
        grouping = grouping == null ? List.of() : List.copyOf(grouping);
    }

    /** Hints for the plain time range {@code [start, end]}. */
    public static SelectHints range(long start, long end) {
        return new SelectHints(start, end, 0, null, 0, List.of(), false, false);
    }
}
