package io.jthanos.promql.parser;

import java.util.List;

/**
 * A query that does not parse or does not type-check. The message has Prometheus's form
 * {@code line:column: parse error: detail}; {@link #errors()} holds all errors found, the first
 * of which is the one reported.
 */
public final class ParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One error: its position in the query and its detail text. */
    public record Error(PositionRange positionRange, String detail) {
    }

    private final String query;
    private final transient List<Error> errors;

    ParseException(String query, List<Error> errors) {
        super(format(query, errors.getFirst()), null, false, false);
        this.query = query;
        this.errors = List.copyOf(errors);
    }

    private static String format(String query, Error e) {
        return e.positionRange().startPosInput(query) + ": parse error: " + e.detail();
    }

    /** The first error's detail text without position, e.g. {@code unexpected end of input}. */
    public String detail() {
        return errors.getFirst().detail();
    }

    /** The first error's position range. */
    public PositionRange positionRange() {
        return errors.getFirst().positionRange();
    }

    public List<Error> errors() {
        return errors;
    }

    public String query() {
        return query;
    }
}
