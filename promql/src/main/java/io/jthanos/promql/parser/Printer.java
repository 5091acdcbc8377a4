package io.jthanos.promql.parser;

import io.jthanos.model.Labels;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.model.ModelDuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Prints expressions in Prometheus's canonical {@code String()} form. */
public final class Printer {

    private Printer() {
    }

    /** The canonical text of {@code e}. */
    public static String print(Expr e) {
        StringBuilder b = new StringBuilder();
        write(b, e);
        return b.toString();
    }

    private static void write(StringBuilder b, Expr e) {
        switch (e) {
            case NumberLiteral n -> {
                if (n.duration()) {
                    if (n.value() < 0) {
                        b.append('-').append(ModelDuration.format(Math.round(-n.value() * 1000)));
                    } else {
                        b.append(ModelDuration.format(Math.round(n.value() * 1000)));
                    }
                } else {
                    b.append(GoStrings.formatFloat(n.value()));
                }
            }
            case StringLiteral s -> b.append(GoStrings.quote(s.value()));
            case VectorSelector v -> {
                writeSelectorBody(b, v);
                writeAt(b, v.timestamp(), v.at());
                writeOffset(b, v.offsetMillis(), v.offsetExpr());
            }
            case MatrixSelector m -> {
                writeSelectorBody(b, m.selector());
                b.append('[').append(m.rangeExpr() != null ? print(m.rangeExpr()) : ModelDuration.format(m.rangeMillis())).append(']');
                writeAt(b, m.selector().timestamp(), m.selector().at());
                writeOffset(b, m.selector().offsetMillis(), m.selector().offsetExpr());
            }
            case SubqueryExpr s -> {
                write(b, s.expr());
                writeSubquerySuffix(b, s);
            }
            case Call c -> {
                b.append(c.function().name()).append('(');
                writeList(b, c.args());
                b.append(')');
            }
            case AggregateExpr a -> {
                writeAggregateOp(b, a);
                b.append('(');
                if (a.param() != null) {
                    write(b, a.param());
                    b.append(", ");
                }
                write(b, a.expr());
                b.append(')');
            }
            case BinaryExpr be -> {
                write(b, be.lhs());
                b.append(' ').append(be.op());
                if (be.returnBool()) {
                    b.append(" bool");
                }
                writeMatching(b, be);
                b.append(' ');
                write(b, be.rhs());
            }
            case UnaryExpr u -> {
                b.append(u.op());
                write(b, u.expr());
            }
            case ParenExpr p -> {
                b.append('(');
                write(b, p.expr());
                b.append(')');
            }
            case DurationExpr d -> {
                if (d.wrapped()) {
                    b.append('(');
                }
                if (d.lhs() == null) {
                    if (d.op() == BinaryOp.SUB) {
                        b.append('-');
                    }
                    write(b, d.rhs());
                } else {
                    write(b, d.lhs());
                    b.append(' ').append(d.op()).append(' ');
                    write(b, d.rhs());
                }
                if (d.wrapped()) {
                    b.append(')');
                }
            }
            case StepInvariantExpr s -> write(b, s.expr());
        }
    }

    private static void writeSubquerySuffix(StringBuilder b, SubqueryExpr s) {
        b.append('[').append(s.rangeExpr() != null ? print(s.rangeExpr()) : ModelDuration.format(s.rangeMillis()));
        b.append(':');
        if (s.stepMillis() != 0) {
            b.append(ModelDuration.format(s.stepMillis()));
        } else if (s.stepExpr() != null) {
            b.append(print(s.stepExpr()));
        }
        b.append(']');
        writeAt(b, s.timestamp(), s.at());
        writeOffset(b, s.offsetMillis(), s.offsetExpr());
    }

    /** The operator and its grouping, with a trailing space when there is a grouping: {@code sum by (job) }. */
    private static void writeAggregateOp(StringBuilder b, AggregateExpr a) {
        b.append(a.op());
        if (a.without()) {
            b.append(" without (");
            writeLabels(b, a.grouping());
            b.append(") ");
        } else if (!a.grouping().isEmpty()) {
            b.append(" by (");
            writeLabels(b, a.grouping());
            b.append(") ");
        }
    }

    // ---- pretty printing ----

    /** Prometheus's {@code maxCharactersPerLine}: a node whose canonical text is longer is split over lines. */
    private static final int MAX_CHARACTERS_PER_LINE = 100;
    private static final String INDENT = "  ";

    /**
     * Prometheus's {@code Prettify}, as {@code /api/v1/format_query} answers: a node whose canonical text is
     * longer than 100 bytes is split, with its children on lines of their own indented by two spaces per
     * level (binary operators between their operands, a call's or an aggregation's arguments one per line,
     * a parenthesis's content between the parentheses); shorter nodes are printed as by {@link #print}.
     */
    public static String pretty(Expr e) {
        return pretty(e, MAX_CHARACTERS_PER_LINE);
    }

    /** {@link #pretty(Expr)} with another line length, as Prometheus's own prettier tests set it. */
    static String pretty(Expr e, int maxCharactersPerLine) {
        StringBuilder b = new StringBuilder();
        pretty(b, e, 0, maxCharactersPerLine);
        return b.toString();
    }

    private static boolean needsSplit(Expr e, int max) {
        return print(e).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max;
    }

    private static void indent(StringBuilder b, int level) {
        b.append(INDENT.repeat(level));
    }

    private static void pretty(StringBuilder b, Expr e, int level, int max) {
        switch (e) {
            case AggregateExpr a -> {
                indent(b, level);
                if (!needsSplit(a, max)) {
                    write(b, a);
                    return;
                }
                writeAggregateOp(b, a);
                b.append("(\n");
                if (a.param() != null) {
                    pretty(b, a.param(), level + 1, max);
                    b.append(",\n");
                }
                pretty(b, a.expr(), level + 1, max);
                b.append('\n');
                indent(b, level);
                b.append(')');
            }
            case BinaryExpr be -> {
                if (!needsSplit(be, max)) {
                    indent(b, level);
                    write(b, be);
                    return;
                }
                pretty(b, be.lhs(), level + 1, max);
                b.append('\n');
                indent(b, level);
                b.append(be.op());
                if (be.returnBool()) {
                    b.append(" bool");
                }
                writeMatching(b, be);
                b.append('\n');
                pretty(b, be.rhs(), level + 1, max);
            }
            case Call c -> {
                indent(b, level);
                if (!needsSplit(c, max)) {
                    write(b, c);
                    return;
                }
                b.append(c.function().name()).append("(\n");
                for (int i = 0; i < c.args().size(); i++) {
                    if (i > 0) {
                        b.append(",\n");
                    }
                    pretty(b, c.args().get(i), level + 1, max);
                }
                b.append('\n');
                indent(b, level);
                b.append(')');
            }
            case ParenExpr p -> {
                indent(b, level);
                if (!needsSplit(p, max)) {
                    write(b, p);
                    return;
                }
                b.append("(\n");
                pretty(b, p.expr(), level + 1, max);
                b.append('\n');
                indent(b, level);
                b.append(')');
            }
            case SubqueryExpr s -> {
                // as in Prometheus, an unsplit subquery is not indented
                if (!needsSplit(s, max)) {
                    write(b, s);
                    return;
                }
                pretty(b, s.expr(), level, max);
                writeSubquerySuffix(b, s);
            }
            case UnaryExpr u -> {
                indent(b, level);
                b.append(u.op());
                StringBuilder child = new StringBuilder();
                pretty(child, u.expr(), level, max);
                b.append(child.toString().strip());
            }
            case StepInvariantExpr s -> pretty(b, s.expr(), level, max);
            default -> {
                indent(b, level);
                write(b, e);
            }
        }
    }

    private static void writeMatching(StringBuilder b, BinaryExpr be) {
        VectorMatching vm = be.matching();
        if (vm == null || be.lhs().type() != ValueType.VECTOR || be.rhs().type() != ValueType.VECTOR) {
            return;
        }
        boolean grouped = vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                || vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
        if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
            b.append(vm.on() ? " on (" : " ignoring (");
            writeLabels(b, vm.matchingLabels());
            b.append(')');
        }
        if (grouped) {
            b.append(vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
            writeLabels(b, vm.include());
            b.append(')');
        }
    }

    private static void writeSelectorBody(StringBuilder b, VectorSelector v) {
        List<String> parts = new ArrayList<>(v.matchers().size());
        for (Matcher m : v.matchers()) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL
                    && m.value().equals(v.name()) && !m.value().isEmpty()) {
                continue;
            }
            parts.add(m.toString());
        }
        b.append(v.name());
        if (!parts.isEmpty()) {
            Collections.sort(parts);
            b.append('{').append(String.join(",", parts)).append('}');
        }
    }

    private static void writeAt(StringBuilder b, Long timestamp, AtModifier at) {
        if (timestamp != null) {
            b.append(" @ ").append(String.format(java.util.Locale.ROOT, "%.3f", timestamp / 1000.0));
        } else if (at == AtModifier.START) {
            b.append(" @ start()");
        } else if (at == AtModifier.END) {
            b.append(" @ end()");
        }
    }

    private static void writeOffset(StringBuilder b, long offsetMillis, DurationExpr offsetExpr) {
        if (offsetExpr != null) {
            b.append(" offset ").append(print(offsetExpr));
        } else if (offsetMillis > 0) {
            b.append(" offset ").append(ModelDuration.format(offsetMillis));
        } else if (offsetMillis < 0) {
            b.append(" offset -").append(ModelDuration.format(-offsetMillis));
        }
    }

    private static void writeList(StringBuilder b, List<Expr> exprs) {
        for (int i = 0; i < exprs.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            write(b, exprs.get(i));
        }
    }

    private static void writeLabels(StringBuilder b, List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            String s = labels.get(i);
            b.append(Printer.shouldQuoteName(s) ? GoStrings.quote(s) : s);
        }
    }

    /** Whether a label name must be quoted when printed (it is not a legacy {@code [a-zA-Z_][a-zA-Z0-9_]*} name). */
    static boolean shouldQuoteName(String name) {
        if (name.isEmpty()) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0)) {
                continue;
            }
            return true;
        }
        return false;
    }
}
