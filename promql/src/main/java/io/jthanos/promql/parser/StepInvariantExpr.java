package io.jthanos.promql.parser;

/**
 * Marks a subtree whose value is the same at every step (it only uses {@code @} timestamps or
 * literals), so the engine evaluates it once. Not produced by the parser.
 */
public record StepInvariantExpr(Expr expr) implements Expr {

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PositionRange positionRange() {
        return expr.positionRange();
    }

    @Override
    public String toString() {
        return expr.toString();
    }
}
