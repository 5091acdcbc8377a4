package io.jthanos.promql.parser;

/**
 * A binary expression. {@code matching} describes vector matching; it is only meaningful when both
 * sides are instant vectors.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
        implements Expr {

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public PositionRange positionRange() {
        return lhs.positionRange().merge(rhs.positionRange());
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
