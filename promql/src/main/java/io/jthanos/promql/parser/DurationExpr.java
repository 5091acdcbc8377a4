package io.jthanos.promql.parser;

/**
 * Arithmetic on durations in a range, subquery step or offset ({@code promql-duration-expr}).
 * Values are in seconds. A unary minus has a null {@code lhs}. Prometheus 3.5 has no {@code step()}.
 *
 * @param wrapped whether the expression was written in parentheses
 */
public record DurationExpr(BinaryOp op, Expr lhs, Expr rhs, boolean wrapped, PositionRange positionRange)
        implements Expr {

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    DurationExpr wrap() {
        return new DurationExpr(op, lhs, rhs, true, positionRange);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
