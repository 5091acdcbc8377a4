package io.jthanos.ruler.eval;

/** A rule evaluation that failed after its query succeeded (duplicate series, exceeded limit). */
public final class RuleEvalException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleEvalException(String message) {
        super(message);
    }
}
