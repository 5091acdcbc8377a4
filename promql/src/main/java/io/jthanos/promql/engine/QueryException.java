package io.jthanos.promql.engine;

/**
 * A query that failed during evaluation. The subclasses are the failures callers handle
 * differently: timeout, cancellation, the sample limit, and errors in the query's semantics or data.
 */
public abstract sealed class QueryException extends RuntimeException
        permits QueryException.Timeout, QueryException.Canceled, QueryException.TooManySamples, QueryException.Evaluation {

    private static final long serialVersionUID = 1L;

    QueryException(String message) {
        super(message, null, false, false);
    }

    /** The query ran longer than its timeout. */
    public static final class Timeout extends QueryException {
        private static final long serialVersionUID = 1L;

        public Timeout(String where) {
            super("query timed out in " + where);
        }
    }

    /** The query was canceled by its caller. */
    public static final class Canceled extends QueryException {
        private static final long serialVersionUID = 1L;

        public Canceled(String where) {
            super("query was canceled in " + where);
        }
    }

    /** The query would hold more samples in memory than allowed. */
    public static final class TooManySamples extends QueryException {
        private static final long serialVersionUID = 1L;

        public TooManySamples() {
            super("query processing would load too many samples into memory in query execution");
        }
    }

    /** An evaluation error with Prometheus's message, e.g. a many-to-many matching error. */
    public static final class Evaluation extends QueryException {
        private static final long serialVersionUID = 1L;

        public Evaluation(String message) {
            super(message);
        }
    }
}
