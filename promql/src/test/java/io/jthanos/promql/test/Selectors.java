package io.jthanos.promql.test;

import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.BinaryExpr;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.DurationExpr;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.MatrixSelector;
import io.jthanos.promql.parser.NumberLiteral;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.StepInvariantExpr;
import io.jthanos.promql.parser.StringLiteral;
import io.jthanos.promql.parser.SubqueryExpr;
import io.jthanos.promql.parser.UnaryExpr;
import io.jthanos.promql.parser.VectorSelector;
import java.util.List;

/** The vector selectors of an expression, in the order they appear. */
final class Selectors {
    private Selectors() {}

    static void collect(Expr e, List<VectorSelector> out) {
        switch (e) {
            case VectorSelector vs -> out.add(vs);
            case MatrixSelector ms -> out.add(ms.selector());
            case SubqueryExpr sq -> collect(sq.expr(), out);
            case Call c -> c.args().forEach(a -> collect(a, out));
            case AggregateExpr a -> {
                collect(a.expr(), out);
                if (a.param() != null) {
                    collect(a.param(), out);
                }
            }
            case BinaryExpr b -> {
                collect(b.lhs(), out);
                collect(b.rhs(), out);
            }
            case UnaryExpr u -> collect(u.expr(), out);
            case ParenExpr p -> collect(p.expr(), out);
            case StepInvariantExpr s -> collect(s.expr(), out);
            case NumberLiteral n -> {
            }
            case StringLiteral s -> {
            }
            case DurationExpr d -> {
            }
        }
    }
}
