package io.jthanos.promql.parser;

/** Binary operators with Prometheus's precedence (higher binds tighter) and associativity. */
public enum BinaryOp {
    ADD("+", 4), SUB("-", 4),
    MUL("*", 5), DIV("/", 5), MOD("%", 5), ATAN2("atan2", 5),
    POW("^", 6),
    EQLC("==", 3), NEQ("!=", 3), GTR(">", 3), LSS("<", 3), GTE(">=", 3), LTE("<=", 3),
    LAND("and", 2), LUNLESS("unless", 2),
    LOR("or", 1);

    private final String text;
    private final int precedence;

    BinaryOp(String text, int precedence) {
        this.text = text;
        this.precedence = precedence;
    }

    /** Precedence level: 1 ({@code or}) to 6 ({@code ^}). */
    public int precedence() {
        return precedence;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == LAND || this == LOR || this == LUNLESS;
    }

    @Override
    public String toString() {
        return text;
    }

    static BinaryOp of(TokenType t) {
        return switch (t) {
            case ADD -> ADD;
            case SUB -> SUB;
            case MUL -> MUL;
            case DIV -> DIV;
            case MOD -> MOD;
            case ATAN2 -> ATAN2;
            case POW -> POW;
            case EQLC -> EQLC;
            case NEQ -> NEQ;
            case GTR -> GTR;
            case LSS -> LSS;
            case GTE -> GTE;
            case LTE -> LTE;
            case LAND -> LAND;
            case LUNLESS -> LUNLESS;
            case LOR -> LOR;
            default -> null;
        };
    }
}
