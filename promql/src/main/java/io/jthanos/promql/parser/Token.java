package io.jthanos.promql.parser;

/** One lexed token: its type, its source text and its byte offset in the input. */
record Token(TokenType type, String text, int pos) {

    int end() {
        return pos + text.length();
    }

    PositionRange range() {
        return new PositionRange(pos, end());
    }

    /** Describes the token the way Prometheus's {@code Item.desc()} does, for error messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier " + GoStrings.quote(text);
            case METRIC_IDENTIFIER -> "metric identifier " + GoStrings.quote(text);
            case NUMBER -> "number " + shortQuoted();
            case DURATION -> "duration " + shortQuoted();
            case STRING -> "string " + shortQuoted();
            default -> switch (type.kind) {
                case KEYWORD -> "<" + text + ">";
                case OPERATOR -> "<op:" + text + ">";
                case AGGREGATOR -> "<aggr:" + text + ">";
                default -> GoStrings.quote(text);
            };
        };
    }

    private String shortQuoted() {
        if (text.length() > 10) {
            return GoStrings.quote(text.substring(0, 10)) + "...";
        }
        return GoStrings.quote(text);
    }
}
