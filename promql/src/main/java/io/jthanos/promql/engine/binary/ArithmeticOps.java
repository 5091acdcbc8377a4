package io.jthanos.promql.engine.binary;

import io.jthanos.promql.engine.functions.GoMath;
import io.jthanos.promql.parser.BinaryOp;

/** The element-wise operator semantics of Prometheus's {@code vectorElemBinop} and {@code scalarBinop}. */
final class ArithmeticOps {

    private ArithmeticOps() {
    }

    /** Arithmetic result, or for comparisons the left value (the caller decides on {@link #compare}). */
    static double apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case POW -> GoMath.pow(l, r);
            case MOD -> l % r;
            case ATAN2 -> Math.atan2(l, r);
            default -> l;
        };
    }

    static boolean compare(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQLC -> l == r;
            case NEQ -> l != r;
            case GTR -> l > r;
            case LSS -> l < r;
            case GTE -> l >= r;
            case LTE -> l <= r;
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    /** Whether the operator drops the metric name from its result, as {@code shouldDropMetricName}. */
    static boolean dropsName(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
            default -> false;
        };
    }
}
