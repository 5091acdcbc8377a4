package io.jthanos.query.api;

import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.storage.Queryable;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the query API needs from the querier.
 *
 * @param queryables the storage for one request's options (dedup, replica labels, partial response,
 *     resolution), usually a {@link io.jthanos.query.StoreQueryable} over the proxy
 * @param engineOptions PromQL engine settings (timeout, lookback delta, parser features)
 * @param defaults request defaults from the flags: replica labels, dedup function, partial response
 * @param autoDownsampling whether range queries without {@code max_source_resolution} use {@code step/5}
 * @param clock the time of instant queries without {@code time}
 * @param tenancy the tenant header and whether the tenant's label matcher is enforced
 */
public record ApiSettings(Function<QueryOptions, Queryable> queryables, EngineOptions engineOptions,
        QueryOptions defaults, boolean autoDownsampling, Clock clock, Tenancy tenancy) {
    public ApiSettings {
        Objects.requireNonNull(tenancy, "tenancy");
        Objects.requireNonNull(queryables, "queryables");
        Objects.requireNonNull(engineOptions, "engineOptions");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(clock, "clock");
    }

    /** Without tenancy enforcement. */
    public ApiSettings(Function<QueryOptions, Queryable> queryables, EngineOptions engineOptions, QueryOptions defaults,
            boolean autoDownsampling, Clock clock) {
        this(queryables, engineOptions, defaults, autoDownsampling, clock, Tenancy.DEFAULT);
    }
}
