package io.jthanos.promql.parser;

/** Aggregation operators. Some take a parameter; {@code limitk}/{@code limit_ratio} are experimental. */
public enum AggregateOp {
    SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO;

    /** Whether the operator takes a parameter before the vector argument. */
    public boolean hasParam() {
        return switch (this) {
            case TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO -> true;
            default -> false;
        };
    }

    public boolean isExperimental() {
        return this == LIMITK || this == LIMIT_RATIO;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static AggregateOp of(TokenType t) {
        return t.isAggregator() ? valueOf(t.name()) : null;
    }
}
