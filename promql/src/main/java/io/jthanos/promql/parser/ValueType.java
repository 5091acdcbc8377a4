package io.jthanos.promql.parser;

/** The type an expression evaluates to. */
public enum ValueType {
    NONE("none", "none"),
    VECTOR("vector", "instant vector"),
    SCALAR("scalar", "scalar"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String goName;
    private final String documented;

    ValueType(String goName, String documented) {
        this.goName = goName;
        this.documented = documented;
    }

    /** The name used in the PromQL documentation ("instant vector", "range vector", …). */
    public String documented() {
        return documented;
    }

    /** The short name ("vector", "matrix", …), as Prometheus's {@code ValueType.String()}. */
    @Override
    public String toString() {
        return goName;
    }
}
