package io.jthanos.promql.parser;

/**
 * A node of the PromQL abstract syntax tree. {@code toString()} prints the node in Prometheus's
 * canonical form, which parses back to an equal tree.
 */
public sealed interface Expr permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr,
        Call, AggregateExpr, BinaryExpr, UnaryExpr, ParenExpr, DurationExpr, StepInvariantExpr {

    /** The type this expression evaluates to. */
    ValueType type();

    /** Where the expression is in the query text. */
    PositionRange positionRange();
}
