package io.jthanos.query.api;

import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.Query;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.Printer;
import io.jthanos.query.QueryOptions;
import io.jthanos.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/query}, {@code query_range}, {@code query_exemplars}, {@code format_query} and
 * {@code parse_query}: parameter handling and error mapping of Prometheus's {@code web/api/v1/api.go}
 * plus Thanos's {@code dedup}, {@code replicaLabels[]}, {@code partial_response} and
 * {@code max_source_resolution} ({@code pkg/api/query/v1.go}).
 */
final class QueryEndpoints {
    static final int MAX_POINTS = 11_000;

    private final ApiSettings settings;

    QueryEndpoints(ApiSettings settings) {
        this.settings = settings;
    }

    ApiResult query(ApiRequest r) {
        long time = Params.time(r, "time", settings.clock().millis());
        QueryOptions options = options(r, 0);
        Engine engine = engine(r, options.maxResolutionWindow());
        String text = r.param("query");
        rejectBlank(text);
        text = settings.tenancy().enforceQuery(r, text, settings.engineOptions().parserOptions());
        Query q;
        try {
            q = engine.instantQuery(settings.queryables().apply(options), text, Instant.ofEpochMilli(time));
        } catch (ParseException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        return run(q, r);
    }

    ApiResult queryRange(ApiRequest r) {
        long start = Params.time("start", r.param("start"));
        long end = Params.time("end", r.param("end"));
        if (end < start) {
            throw ApiException.invalidParam("end", "end timestamp must not be before start time");
        }
        long step = Params.duration("step", r.param("step"));
        if (step <= 0) {
            throw ApiException.invalidParam("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS) {
            throw new ApiException(ErrorType.BAD_DATA,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        QueryOptions options = options(r, step);
        Engine engine = engine(r, options.maxResolutionWindow());
        rejectBlank(r.param("query"));
        String text = settings.tenancy().enforceQuery(r, r.param("query"), settings.engineOptions().parserOptions());
        Query q;
        try {
            q = engine.rangeQuery(settings.queryables().apply(options), text, Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(end), Duration.ofMillis(step));
        } catch (ParseException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        return run(q, r);
    }

    private ApiResult run(Query q, ApiRequest r) {
        if (r.param("stats").equals("all")) {
            // Prometheus (with its promql-per-step-stats feature) adds per-step counts for stats=all.
            q.enablePerStepStats();
        }
        QueryResult result;
        try {
            result = q.execute();
        } catch (QueryException.Timeout e) {
            throw new ApiException(ErrorType.TIMEOUT, e.getMessage());
        } catch (QueryException.Canceled e) {
            throw new ApiException(ErrorType.CANCELED, e.getMessage());
        } catch (QueryException e) {
            throw new ApiException(ErrorType.EXECUTION, e.getMessage());
        } catch (StorageException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ApiException(ErrorType.CANCELED, "query was canceled: " + e.getMessage());
            }
            throw new ApiException(ErrorType.INTERNAL, e.getMessage());
        }
        boolean stats = !r.param("stats").isEmpty();
        return ApiResult.of(w -> ResultJson.write(w, result.value(), stats ? result.stats() : null), result.annotations());
    }

    /**
     * The engine for one request: the {@code timeout} and {@code lookback_delta} parameters applied, and without
     * the latter the lookback widened for downsampled data ({@link DynamicLookbackDelta}).
     */
    private Engine engine(ApiRequest r, long maxSourceResolution) {
        EngineOptions o = settings.engineOptions();
        o = o.withLookbackDelta(DynamicLookbackDelta.of(o.lookbackDelta(), maxSourceResolution));
        if (!r.param("timeout").isEmpty()) {
            long timeout = Params.duration("timeout", r.param("timeout"));
            if (timeout > 0 && timeout < o.timeout().toMillis()) {
                o = o.withTimeout(Duration.ofMillis(timeout));
            }
        }
        if (!r.param("lookback_delta").isEmpty()) {
            long delta = Params.duration("lookback_delta", r.param("lookback_delta"));
            if (delta > 0) {
                o = o.withLookbackDelta(Duration.ofMillis(delta));
            }
        }
        return new Engine(o);
    }

    /** Per-request store options; {@code step} is 0 for instant queries. */
    QueryOptions options(ApiRequest r, long step) {
        QueryOptions d = settings.defaults();
        boolean dedup = Params.bool(r, "dedup", true);
        List<String> replicaLabels = r.all("replicaLabels[]").isEmpty() ? d.replicaLabels() : r.all("replicaLabels[]");
        boolean partial = Params.bool(r, "partial_response", d.partialResponse());
        return new QueryOptions(dedup, replicaLabels, d.dedupFunction(), partial, maxSourceResolution(r, step));
    }

    private long maxSourceResolution(ApiRequest r, long step) {
        String v = r.param("max_source_resolution");
        long resolution = 0;
        if (settings.autoDownsampling() || v.equals("auto")) {
            resolution = step / 5;
        }
        if (!v.isEmpty() && !v.equals("auto")) {
            try {
                resolution = Params.duration("max_source_resolution", v);
            } catch (ApiException e) {
                throw new ApiException(ErrorType.BAD_DATA, "'max_source_resolution' parameter: cannot parse \""
                        + v + "\" to a valid duration");
            }
        }
        if (resolution < 0) {
            throw new ApiException(ErrorType.BAD_DATA,
                    "negative 'max_source_resolution' is not accepted. Try a positive integer");
        }
        return resolution;
    }

    /** Prometheus's parser reports an empty query without a position. */
    private static final String NO_EXPRESSION = "unknown position: parse error: no expression found in input";

    private static void rejectBlank(String query) {
        if (query.isBlank()) {
            throw ApiException.invalidParam("query", NO_EXPRESSION);
        }
    }

    ApiResult queryExemplars(ApiRequest r) {
        long start = Params.time(r, "start", Params.MIN_TIME);
        long end = Params.time(r, "end", Params.MAX_TIME);
        if (end < start) {
            throw ApiException.invalidParam("end", "end timestamp must not be before start time");
        }
        // Prometheus reports the parser's message alone here, without naming the parameter
        parseUnnamed(r.param("query"));
        return ApiResult.of(w -> w.beginArray().endArray());
    }

    ApiResult formatQuery(ApiRequest r) {
        Expr e = parse(r.param("query"));
        String printed = Printer.pretty(e);
        return ApiResult.of(w -> w.value(printed));
    }

    ApiResult parseQuery(ApiRequest r) {
        Expr e = parse(r.param("query"));
        return ApiResult.of(w -> AstJson.write(w, e));
    }

    private Expr parse(String query) {
        try {
            return parseUnnamed(query);
        } catch (ApiException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
    }

    /** @throws ApiException with the parser's message alone */
    private Expr parseUnnamed(String query) {
        if (query.isBlank()) {
            throw new ApiException(ErrorType.BAD_DATA, NO_EXPRESSION);
        }
        try {
            return Parser.parse(query, settings.engineOptions().parserOptions());
        } catch (ParseException e) {
            throw new ApiException(ErrorType.BAD_DATA, e.getMessage());
        }
    }
}
