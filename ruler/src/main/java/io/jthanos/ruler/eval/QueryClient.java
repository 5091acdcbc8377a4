package io.jthanos.ruler.eval;

import io.jthanos.store.PartialResponseStrategy;
import java.util.List;

/** Runs instant PromQL queries for rule evaluation, e.g. against a querier's HTTP API. */
@FunctionalInterface
public interface QueryClient {
    /**
     * Evaluates {@code expr} at {@code timeMillis}; a scalar result is one sample with empty labels.
     *
     * @throws QueryException when no answer could be obtained
     */
    List<Sample> query(String expr, long timeMillis, PartialResponseStrategy strategy) throws QueryException;
}
