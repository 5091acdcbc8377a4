package io.jthanos.promql.parser;

import io.jthanos.model.Matcher;

import java.util.List;

/**
 * An instant vector selector. A metric name written before the braces is kept in {@code name} and
 * also appears as the last {@code __name__} equality matcher.
 *
 * @param name          metric name written outside braces, or empty
 * @param matchers      all matchers, including the one for {@code name}
 * @param offsetMillis  the {@code offset} modifier in milliseconds (negative allowed)
 * @param offsetExpr    the offset as a duration expression, or null
 * @param timestamp     the {@code @} timestamp in milliseconds, or null
 * @param at            the {@code @ start()}/{@code @ end()} preprocessor
 */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMillis, DurationExpr offsetExpr,
        Long timestamp, AtModifier at, PositionRange positionRange) implements Expr {

    public VectorSelector {
        matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    VectorSelector withOffset(long millis, DurationExpr expr, int end) {
        return new VectorSelector(name, matchers, millis, expr, timestamp, at, new PositionRange(positionRange.start(), end));
    }

    VectorSelector withAt(Long ts, AtModifier a, int end) {
        return new VectorSelector(name, matchers, offsetMillis, offsetExpr, ts, a, new PositionRange(positionRange.start(), end));
    }

    boolean hasOffset() {
        return offsetMillis != 0 || offsetExpr != null;
    }

    boolean hasAt() {
        return timestamp != null || at != AtModifier.NONE;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
