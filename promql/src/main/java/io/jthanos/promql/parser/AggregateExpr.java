package io.jthanos.promql.parser;

import java.util.List;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param    the parameter of {@code topk}, {@code quantile}, {@code count_values}, …, or null
 * @param grouping the {@code by}/{@code without} labels
 * @param without  true for {@code without}
 */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
        PositionRange positionRange) implements Expr {

    public AggregateExpr {
        grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
