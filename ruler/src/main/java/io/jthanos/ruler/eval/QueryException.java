package io.jthanos.ruler.eval;

/** A rule query that could not be answered (no querier reachable, bad response, PromQL error). */
public final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;

    public QueryException(String message) {
        super(message);
    }

    public QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
