package io.jthanos.promql.test;

import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.AtModifier;
import io.jthanos.promql.parser.BinaryExpr;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.DurationExpr;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.MatrixSelector;
import io.jthanos.promql.parser.NumberLiteral;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.promql.parser.StepInvariantExpr;
import io.jthanos.promql.parser.StringLiteral;
import io.jthanos.promql.parser.SubqueryExpr;
import io.jthanos.promql.parser.UnaryExpr;
import io.jthanos.promql.parser.VectorSelector;
import java.util.List;
import java.util.Set;

/**
 * The extra instant queries promqltest runs for every instant eval: the query with {@code @ T} (its own
 * evaluation time) on every selector and subquery outside subqueries that lack one, evaluated at other
 * times, must give the same result. Queries that call a function whose result depends on the evaluation
 * time itself have none.
 */
final class AtModifierCases {

    /** One rewritten query and the time to evaluate it at. */
    record Case(String query, long evalTime) {
    }

    /** Prometheus's {@code AtModifierUnsafeFunctions}. */
    private static final Set<String> UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
            "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

    private AtModifierCases() {
    }

    static List<Case> of(String query, long t) {
        Expr e = Parser.parse(query, ParserOptions.ALL);
        if (callsUnsafe(e)) {
            return List.of();
        }
        String rewritten = withAt(e, t).toString();
        List<Long> times = t == 0 ? List.of(-1000L, 0L, 1000L) : List.of(-10 * t, 0L, t / 5, t, 10 * t);
        return times.stream().map(et -> new Case(rewritten, et)).toList();
    }

    private static boolean callsUnsafe(Expr e) {
        return switch (e) {
            case Call c -> UNSAFE.contains(c.function().name()) || c.args().stream().anyMatch(AtModifierCases::callsUnsafe);
            case SubqueryExpr s -> callsUnsafe(s.expr());
            case AggregateExpr a -> callsUnsafe(a.expr()) || (a.param() != null && callsUnsafe(a.param()));
            case BinaryExpr b -> callsUnsafe(b.lhs()) || callsUnsafe(b.rhs());
            case UnaryExpr u -> callsUnsafe(u.expr());
            case ParenExpr p -> callsUnsafe(p.expr());
            case StepInvariantExpr s -> callsUnsafe(s.expr());
            case VectorSelector v -> false;
            case MatrixSelector m -> false;
            case NumberLiteral n -> false;
            case StringLiteral s -> false;
            case DurationExpr d -> false;
        };
    }

    /** Sets {@code @ t} where there is none, leaving what is inside a subquery alone (the subquery gets it). */
    private static Expr withAt(Expr e, long t) {
        return switch (e) {
            case VectorSelector v -> at(v, t);
            case MatrixSelector m -> new MatrixSelector(at(m.selector(), t), m.rangeMillis(), m.rangeExpr(), m.endPos());
            case SubqueryExpr s -> s.timestamp() != null ? s
                    : new SubqueryExpr(s.expr(), s.rangeMillis(), s.rangeExpr(), s.stepMillis(), s.stepExpr(), s.offsetMillis(),
                            s.offsetExpr(), t, AtModifier.NONE, s.endPos());
            case Call c -> new Call(c.function(), c.args().stream().map(a -> withAt(a, t)).toList(), c.positionRange());
            case AggregateExpr a -> new AggregateExpr(a.op(), withAt(a.expr(), t), a.param() == null ? null : withAt(a.param(), t),
                    a.grouping(), a.without(), a.positionRange());
            case BinaryExpr b -> new BinaryExpr(b.op(), withAt(b.lhs(), t), withAt(b.rhs(), t), b.matching(), b.returnBool());
            case UnaryExpr u -> new UnaryExpr(u.op(), withAt(u.expr(), t), u.startPos());
            case ParenExpr p -> new ParenExpr(withAt(p.expr(), t), p.positionRange());
            case StepInvariantExpr s -> new StepInvariantExpr(withAt(s.expr(), t));
            case NumberLiteral n -> n;
            case StringLiteral s -> s;
            case DurationExpr d -> d;
        };
    }

    private static VectorSelector at(VectorSelector v, long t) {
        return v.timestamp() != null ? v
                : new VectorSelector(v.name(), v.matchers(), v.offsetMillis(), v.offsetExpr(), t, AtModifier.NONE, v.positionRange());
    }
}
