package io.jthanos.promql.parser;

/**
 * Kinds of tokens produced by the {@link Lexer}. The {@code text} of fixed tokens and the
 * category flags decide how a token is described in error messages, as Prometheus does.
 */
enum TokenType {
    EOF(null, Kind.OTHER),
    IDENTIFIER(null, Kind.OTHER),
    METRIC_IDENTIFIER(null, Kind.OTHER),
    NUMBER(null, Kind.OTHER),
    DURATION(null, Kind.OTHER),
    STRING(null, Kind.OTHER),

    LEFT_PAREN("(", Kind.FIXED),
    RIGHT_PAREN(")", Kind.FIXED),
    LEFT_BRACE("{", Kind.FIXED),
    RIGHT_BRACE("}", Kind.FIXED),
    LEFT_BRACKET("[", Kind.FIXED),
    RIGHT_BRACKET("]", Kind.FIXED),
    COMMA(",", Kind.FIXED),
    EQL("=", Kind.FIXED),
    COLON(":", Kind.FIXED),

    // operators
    ADD("+", Kind.OPERATOR),
    SUB("-", Kind.OPERATOR),
    MUL("*", Kind.OPERATOR),
    DIV("/", Kind.OPERATOR),
    MOD("%", Kind.OPERATOR),
    POW("^", Kind.OPERATOR),
    EQLC("==", Kind.OPERATOR),
    NEQ("!=", Kind.OPERATOR),
    LTE("<=", Kind.OPERATOR),
    LSS("<", Kind.OPERATOR),
    GTE(">=", Kind.OPERATOR),
    GTR(">", Kind.OPERATOR),
    EQL_REGEX("=~", Kind.OPERATOR),
    NEQ_REGEX("!~", Kind.OPERATOR),
    AT("@", Kind.OPERATOR),
    LAND("and", Kind.OPERATOR),
    LOR("or", Kind.OPERATOR),
    LUNLESS("unless", Kind.OPERATOR),
    ATAN2("atan2", Kind.OPERATOR),

    // aggregators
    SUM("sum", Kind.AGGREGATOR),
    AVG("avg", Kind.AGGREGATOR),
    COUNT("count", Kind.AGGREGATOR),
    MIN("min", Kind.AGGREGATOR),
    MAX("max", Kind.AGGREGATOR),
    GROUP("group", Kind.AGGREGATOR),
    STDDEV("stddev", Kind.AGGREGATOR),
    STDVAR("stdvar", Kind.AGGREGATOR),
    TOPK("topk", Kind.AGGREGATOR),
    BOTTOMK("bottomk", Kind.AGGREGATOR),
    COUNT_VALUES("count_values", Kind.AGGREGATOR),
    QUANTILE("quantile", Kind.AGGREGATOR),
    LIMITK("limitk", Kind.AGGREGATOR),
    LIMIT_RATIO("limit_ratio", Kind.AGGREGATOR),

    // keywords
    OFFSET("offset", Kind.KEYWORD),
    BY("by", Kind.KEYWORD),
    WITHOUT("without", Kind.KEYWORD),
    ON("on", Kind.KEYWORD),
    IGNORING("ignoring", Kind.KEYWORD),
    GROUP_LEFT("group_left", Kind.KEYWORD),
    GROUP_RIGHT("group_right", Kind.KEYWORD),
    BOOL("bool", Kind.KEYWORD),
    START("start", Kind.KEYWORD),
    END("end", Kind.KEYWORD);

    enum Kind { OTHER, FIXED, OPERATOR, AGGREGATOR, KEYWORD }

    final String text;
    final Kind kind;

    TokenType(String text, Kind kind) {
        this.text = text;
        this.kind = kind;
    }

    /** Word tokens recognised case-insensitively outside braces. */
    static TokenType keyword(String lowerWord) {
        return switch (lowerWord) {
            case "and" -> LAND;
            case "or" -> LOR;
            case "unless" -> LUNLESS;
            case "atan2" -> ATAN2;
            case "sum" -> SUM;
            case "avg" -> AVG;
            case "count" -> COUNT;
            case "min" -> MIN;
            case "max" -> MAX;
            case "group" -> GROUP;
            case "stddev" -> STDDEV;
            case "stdvar" -> STDVAR;
            case "topk" -> TOPK;
            case "bottomk" -> BOTTOMK;
            case "count_values" -> COUNT_VALUES;
            case "quantile" -> QUANTILE;
            case "limitk" -> LIMITK;
            case "limit_ratio" -> LIMIT_RATIO;
            case "offset" -> OFFSET;
            case "by" -> BY;
            case "without" -> WITHOUT;
            case "on" -> ON;
            case "ignoring" -> IGNORING;
            case "group_left" -> GROUP_LEFT;
            case "group_right" -> GROUP_RIGHT;
            case "bool" -> BOOL;
            case "start" -> START;
            case "end" -> END;
            case "inf", "nan" -> NUMBER;
            default -> null;
        };
    }

    boolean isAggregator() {
        return kind == Kind.AGGREGATOR;
    }

    /** Tokens usable as a metric name at the start of a selector. */
    boolean isMetricIdentifier() {
        return switch (this) {
            case IDENTIFIER, METRIC_IDENTIFIER, LAND, LOR, LUNLESS, BY, WITHOUT, OFFSET, START, END -> true;
            default -> isAggregator();
        };
    }

    /** Tokens usable as a label name in grouping clauses. */
    boolean isLabelLike() {
        return this == IDENTIFIER || this == METRIC_IDENTIFIER || kind == Kind.KEYWORD || isAggregator()
                || this == LAND || this == LOR || this == LUNLESS || this == ATAN2;
    }
}
