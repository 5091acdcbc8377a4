package io.jthanos.promql.parser;

import java.util.List;

/**
 * How the two sides of a vector/vector binary expression are matched.
 *
 * @param cardinality    one-to-one, many-to-one ({@code group_left}), one-to-many ({@code group_right})
 *                       or many-to-many (set operators)
 * @param matchingLabels labels of {@code on(...)} or {@code ignoring(...)}
 * @param on             true for {@code on}, false for {@code ignoring} (or no clause)
 * @param include        extra labels of {@code group_left(...)}/{@code group_right(...)}
 */
public record VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {

    /** Matching cardinality. */
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    public static VectorMatching oneToOne() {
        return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }

    VectorMatching withCardinality(Cardinality c) {
        return new VectorMatching(c, matchingLabels, on, include);
    }
}
