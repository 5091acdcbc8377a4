package io.jthanos.store;

import java.util.List;

/**
 * What the series are for ({@code storepb.QueryHints}); advisory.
 *
 * @param stepMillis query step, 0 for instant queries
 * @param func surrounding PromQL function, {@code null} when none
 * @param rangeMillis range of a matrix selector, 0 when none
 * @param groupingBy whether {@code grouping} is {@code by} (true) or {@code without}
 * @param grouping labels of a surrounding aggregation; empty when none
 */
public record QueryHints(long stepMillis, String func, long rangeMillis, boolean groupingBy, List<String> grouping) {
    /** No hints. */
    public static final QueryHints NONE = new QueryHints(0, null, 0, false, List.of());

    public QueryHints {
        grouping = grouping == null ? List.of() : List.copyOf(grouping);
    }
}
