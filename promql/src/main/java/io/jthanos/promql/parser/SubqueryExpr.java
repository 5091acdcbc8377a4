package io.jthanos.promql.parser;

/**
 * A subquery {@code expr[range:step]} with optional {@code @} and {@code offset}.
 *
 * @param stepMillis 0 when the step is omitted (the engine then uses the default evaluation interval)
 */
public record SubqueryExpr(Expr expr, long rangeMillis, DurationExpr rangeExpr, long stepMillis, DurationExpr stepExpr,
        long offsetMillis, DurationExpr offsetExpr, Long timestamp, AtModifier at, int endPos) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(expr.positionRange().start(), endPos);
    }

    SubqueryExpr withOffset(long millis, DurationExpr e, int end) {
        return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, millis, e, timestamp, at, end);
    }

    SubqueryExpr withAt(Long ts, AtModifier a, int end) {
        return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, offsetMillis, offsetExpr, ts, a, end);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
