package io.jthanos.promql.parser;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;

import java.util.List;

/** Type checks a syntactically valid tree, as Prometheus's {@code checkAST}. */
final class TypeChecker {

    private final List<ParseException.Error> errors;
    private final String input;

    TypeChecker(List<ParseException.Error> errors, String input) {
        this.errors = errors;
        this.input = input;
    }

    void check(Expr e) {
        visit(e, false);
    }

    private void error(PositionRange r, String message) {
        errors.add(new ParseException.Error(r, message));
    }

    private void expectType(Expr e, ValueType want, String context) {
        ValueType t = visit(e, false);
        if (t != want) {
            error(e.positionRange(), "expected type " + want.documented() + " in " + context + ", got " + t.documented());
        }
    }

    private ValueType visit(Expr node, boolean bypassEmptyMatcherCheck) {
        ValueType type = node.type();
        switch (node) {
            case AggregateExpr a -> {
                expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
                switch (a.op()) {
                    case TOPK, BOTTOMK, QUANTILE, LIMITK, LIMIT_RATIO ->
                            expectType(a.param(), ValueType.SCALAR, "aggregation parameter");
                    case COUNT_VALUES -> expectType(a.param(), ValueType.STRING, "aggregation parameter");
                    default -> {
                    }
                }
            }
            case BinaryExpr b -> {
                ValueType lt = visit(b.lhs(), false);
                ValueType rt = visit(b.rhs(), false);
                if (b.returnBool() && !b.op().isComparison()) {
                    error(opRange(b), "bool modifier can only be used on comparison operators");
                }
                if (b.op().isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
                    error(opRange(b), "comparisons between scalars must use BOOL modifier");
                }
                VectorMatching vm = b.matching();
                if (vm != null && vm.on()) {
                    for (String l1 : vm.matchingLabels()) {
                        if (vm.include().contains(l1)) {
                            error(opRange(b), "label " + GoStrings.quote(l1) + " must not occur in ON and GROUP clause at once");
                        }
                    }
                }
                if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
                    error(b.lhs().positionRange(), "binary expression must contain only scalar and instant vector types");
                }
                if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
                    error(b.rhs().positionRange(), "binary expression must contain only scalar and instant vector types");
                }
                if ((lt != ValueType.VECTOR || rt != ValueType.VECTOR) && vm != null) {
                    if (!vm.matchingLabels().isEmpty()) {
                        error(b.positionRange(), "vector matching only allowed between instant vectors");
                    }
                } else if (b.op().isSetOperator() && vm != null) {
                    if (vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY
                            || vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE) {
                        error(b.positionRange(), "no grouping allowed for " + GoStrings.quote(b.op().toString()) + " operation");
                    }
                    if (vm.cardinality() != VectorMatching.Cardinality.MANY_TO_MANY) {
                        error(b.positionRange(), "set operations must always be many-to-many");
                    }
                }
                if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
                    error(b.positionRange(), "set operator " + GoStrings.quote(b.op().toString()) + " not allowed in binary scalar expression");
                }
            }
            case Call c -> {
                Function f = c.function();
                int nargs = f.argTypes().size();
                int n = c.args().size();
                if (f.variadic() == 0) {
                    if (nargs != n) {
                        error(c.positionRange(), "expected " + nargs + " argument(s) in call to " + GoStrings.quote(f.name()) + ", got " + n);
                    }
                } else {
                    int na = nargs - 1;
                    if (na > n) {
                        error(c.positionRange(), "expected at least " + na + " argument(s) in call to " + GoStrings.quote(f.name()) + ", got " + n);
                    } else if (f.variadic() > 0 && na + f.variadic() < n) {
                        error(c.positionRange(), "expected at most " + (na + f.variadic()) + " argument(s) in call to " + GoStrings.quote(f.name()) + ", got " + n);
                    }
                }
                boolean infoSecond = false;
                if (f.name().equals("info") && n > 1) {
                    Expr second = c.args().get(1);
                    if (second.type() != ValueType.VECTOR) {
                        error(c.positionRange(), "expected type instant vector in call to function \"info\", got " + second.type().documented());
                    }
                    if (second instanceof VectorSelector vs && !vs.name().isEmpty()) {
                        error(second.positionRange(), "expected label selectors only, got vector selector instead");
                    } else if (second instanceof VectorSelector) {
                        infoSecond = true;
                    } else {
                        error(second.positionRange(), "expected label selectors only");
                    }
                }
                for (int i = 0; i < n; i++) {
                    int ti = i;
                    if (i >= nargs) {
                        if (f.variadic() == 0) {
                            break;
                        }
                        ti = nargs - 1;
                    }
                    Expr arg = c.args().get(i);
                    ValueType t = visit(arg, infoSecond && i == 1);
                    if (t != f.argTypes().get(ti)) {
                        error(arg.positionRange(), "expected type " + f.argTypes().get(ti).documented() + " in call to function "
                                + GoStrings.quote(f.name()) + ", got " + t.documented());
                    }
                }
            }
            case ParenExpr p -> visit(p.expr(), false);
            case UnaryExpr u -> {
                ValueType t = visit(u.expr(), false);
                if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                    error(u.positionRange(), "unary expression only allowed on expressions of type scalar or instant vector, got "
                            + GoStrings.quote(t.documented()));
                }
            }
            case SubqueryExpr s -> {
                ValueType t = visit(s.expr(), false);
                if (t != ValueType.VECTOR) {
                    error(s.positionRange(), "subquery is only allowed on instant vector, got " + t + " instead");
                }
            }
            case MatrixSelector m -> visit(m.selector(), false);
            case VectorSelector v -> checkSelector(v, bypassEmptyMatcherCheck);
            case StepInvariantExpr s -> visit(s.expr(), false);
            case NumberLiteral n -> {
            }
            case StringLiteral s -> {
            }
            case DurationExpr d -> {
            }
        }
        return type;
    }

    private void checkSelector(VectorSelector v, boolean bypass) {
        if (!v.name().isEmpty()) {
            List<Matcher> ms = v.matchers();
            for (int i = 0; i < ms.size() - 1; i++) {
                if (ms.get(i).name().equals(Labels.METRIC_NAME)) {
                    error(v.positionRange(), "metric name must not be set twice: " + GoStrings.quote(v.name()) + " or "
                            + GoStrings.quote(ms.get(i).value()));
                }
            }
            return;
        }
        if (bypass) {
            return;
        }
        for (Matcher m : v.matchers()) {
            if (!m.matches("")) {
                return;
            }
        }
        error(v.positionRange(), "vector selector must contain at least one non-empty matcher");
    }

    private PositionRange opRange(BinaryExpr b) {
        int start = b.lhs().positionRange().end();
        while (start < input.length() && Character.isWhitespace(input.charAt(start))) {
            start++;
        }
        int end = b.rhs().positionRange().start() - 1;
        while (end > start && Character.isWhitespace(input.charAt(end))) {
            end--;
        }
        return new PositionRange(start, Math.max(start, end));
    }
}
