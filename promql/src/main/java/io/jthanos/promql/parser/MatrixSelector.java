package io.jthanos.promql.parser;

/**
 * A range vector selector {@code selector[range]}. Offset and {@code @} live on the inner selector.
 *
 * @param rangeMillis the range in milliseconds, when given as a literal
 * @param rangeExpr   the range as a duration expression, or null
 * @param endPos      offset after the last character
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, DurationExpr rangeExpr, int endPos)
        implements Expr {

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(selector.positionRange().start(), endPos);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
