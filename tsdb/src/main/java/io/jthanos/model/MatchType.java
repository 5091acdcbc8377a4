package io.jthanos.model;

/** The four label-matcher types of PromQL and the StoreAPI. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    /** The PromQL operator, e.g. {@code =~}. */
    public String operator() {
        return operator;
    }
}
