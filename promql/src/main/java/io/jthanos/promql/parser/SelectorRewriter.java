package io.jthanos.promql.parser;

import java.util.function.UnaryOperator;

/** Rebuilds an expression with every vector selector (those of range selectors included) replaced by a function of it. */
public final class SelectorRewriter {
    private SelectorRewriter() {
    }

    public static Expr rewrite(Expr e, UnaryOperator<VectorSelector> f) {
        return switch (e) {
            case VectorSelector v -> f.apply(v);
            case MatrixSelector m -> new MatrixSelector(f.apply(m.selector()), m.rangeMillis(), m.rangeExpr(), m.endPos());
            case SubqueryExpr s -> new SubqueryExpr(rewrite(s.expr(), f), s.rangeMillis(), s.rangeExpr(), s.stepMillis(),
                    s.stepExpr(), s.offsetMillis(), s.offsetExpr(), s.timestamp(), s.at(), s.endPos());
            case Call c -> new Call(c.function(), c.args().stream().map(a -> rewrite(a, f)).toList(), c.positionRange());
            case AggregateExpr a -> new AggregateExpr(a.op(), rewrite(a.expr(), f), a.param() == null ? null : rewrite(a.param(), f),
                    a.grouping(), a.without(), a.positionRange());
            case BinaryExpr b -> new BinaryExpr(b.op(), rewrite(b.lhs(), f), rewrite(b.rhs(), f), b.matching(), b.returnBool());
            case UnaryExpr u -> new UnaryExpr(u.op(), rewrite(u.expr(), f), u.startPos());
            case ParenExpr p -> new ParenExpr(rewrite(p.expr(), f), p.positionRange());
            case StepInvariantExpr s -> new StepInvariantExpr(rewrite(s.expr(), f));
            case NumberLiteral n -> n;
            case StringLiteral s -> s;
            case DurationExpr d -> d;
        };
    }
}
