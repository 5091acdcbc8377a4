package io.jthanos.promql.parser;

/** A unary {@code +} or {@code -} applied to a non-literal. */
public record UnaryExpr(BinaryOp op, Expr expr, int startPos) implements Expr {

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PositionRange positionRange() {
        return new PositionRange(startPos, expr.positionRange().end());
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
