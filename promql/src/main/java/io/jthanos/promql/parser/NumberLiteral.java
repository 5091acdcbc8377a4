package io.jthanos.promql.parser;

/**
 * A number. {@code duration} marks a literal written as a duration ({@code 5m}), whose value is in
 * seconds and which prints as a duration.
 */
public record NumberLiteral(double value, boolean duration, PositionRange positionRange) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
