package io.jthanos.promql.engine;

import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ValueType;
import io.jthanos.storage.Queryable;
import java.time.Instant;

/**
 * The PromQL engine: parses queries and evaluates them against any {@link Queryable} with
 * Prometheus 3.5 semantics. Thread-safe; queries are independent.
 *
 * <pre>{@code
 * Engine engine = new Engine(EngineOptions.DEFAULT);
 * QueryResult r = engine.rangeQuery(storage, "sum by (job) (rate(http_requests_total[5m]))",
 *         start, end, Duration.ofSeconds(15)).execute();
 * }</pre>
 */
public final class Engine {

    private final EngineOptions options;

    public Engine(EngineOptions options) {
        this.options = options;
    }

    public EngineOptions options() {
        return options;
    }

    /**
     * Prepares an instant query at {@code time}.
     *
     * @throws io.jthanos.promql.parser.ParseException if the query does not parse
     */
    public Query instantQuery(Queryable queryable, String query, Instant time) {
        long t = time.toEpochMilli();
        Expr e = Parser.parse(query, options.parserOptions());
        return new Query(queryable, options, e, query, t, t, 0, false);
    }

    /**
     * Prepares a range query evaluated at {@code start, start+step, …, end}.
     *
     * @throws io.jthanos.promql.parser.ParseException if the query does not parse
     * @throws IllegalArgumentException  if the step is not positive, the range is inverted, or the
     *                                   expression is not a scalar or instant vector
     */
    public Query rangeQuery(Queryable queryable, String query, Instant start, Instant end, java.time.Duration step) {
        if (step.toMillis() <= 0) {
            throw new IllegalArgumentException("zero or negative query resolution step widths are not accepted");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end timestamp must not be before start time");
        }
        Expr e = Parser.parse(query, options.parserOptions());
        if (e.type() != ValueType.VECTOR && e.type() != ValueType.SCALAR) {
            throw new IllegalArgumentException("invalid expression type \"" + e.type().documented()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        return new Query(queryable, options, e, query, start.toEpochMilli(), end.toEpochMilli(), step.toMillis(), true);
    }
}
