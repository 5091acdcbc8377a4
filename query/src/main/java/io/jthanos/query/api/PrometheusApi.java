package io.jthanos.query.api;

import io.jthanos.query.endpoint.EndpointStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Prometheus HTTP API of the querier ({@code /api/v1/…}), independent of the HTTP server: the
 * transport hands each request under {@code /api/v1} to {@link #handle}. Answers are JSON shaped like
 * Prometheus 3.5's, gzip-compressed when the client accepts it.
 *
 * <p>At most {@code maxConcurrent} PromQL queries run at once; further ones wait for a slot
 * ({@code --query.max-concurrent}, queued, not rejected). Interrupting the thread that calls {@link #handle}
 * cancels its query (the transport does so when the client goes away), answered as {@code canceled}. Metrics: {@code thanos_query_concurrent_queries}
 * (queries running), {@code thanos_query_concurrent_gate_queries_max} and
 * {@code http_request_duration_seconds{handler,method,code}}.
 */
public final class PrometheusApi {
    private record Route(String handler, List<String> methods, Function<ApiRequest, ApiResult> action, boolean gated) {
    }

    private final QueryEndpoints queries;
    private final SeriesEndpoints series;
    private final StatusEndpoints status;
    private final Map<String, Route> routes;
    private final Semaphore gate;
    private final AtomicInteger running = new AtomicInteger();
    private final MeterRegistry registry;

    public PrometheusApi(ApiSettings settings, StatusInfo info, Supplier<List<EndpointStatus>> stores, int maxConcurrent,
            MeterRegistry registry) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be positive, got " + maxConcurrent);
        }
        this.queries = new QueryEndpoints(settings);
        this.series = new SeriesEndpoints(settings, queries);
        this.status = new StatusEndpoints(info, stores);
        this.gate = new Semaphore(maxConcurrent, true);
        this.registry = registry;
        List<String> getPost = List.of("GET", "POST");
        List<String> get = List.of("GET");
        this.routes = Map.ofEntries(
                Map.entry("/query", new Route("query", getPost, queries::query, true)),
                Map.entry("/query_range", new Route("query_range", getPost, queries::queryRange, true)),
                Map.entry("/query_exemplars", new Route("query_exemplars", getPost, queries::queryExemplars, false)),
                Map.entry("/format_query", new Route("format_query", getPost, queries::formatQuery, false)),
                Map.entry("/parse_query", new Route("parse_query", getPost, queries::parseQuery, false)),
                Map.entry("/series", new Route("series", getPost, series::series, false)),
                Map.entry("/labels", new Route("labels", getPost, series::labelNames, false)),
                Map.entry("/metadata", new Route("metadata", get, status::metadata, false)),
                Map.entry("/status/buildinfo", new Route("status_buildinfo", get, status::buildInfo, false)),
                Map.entry("/status/flags", new Route("status_flags", get, status::flags, false)),
                Map.entry("/status/runtimeinfo", new Route("status_runtimeinfo", get, status::runtimeInfo, false)),
                Map.entry("/stores", new Route("stores", get, status::stores, false)));
        Gauge.builder("thanos_query_concurrent_queries", running, AtomicInteger::get)
                .description("Number of PromQL queries running concurrently.").register(registry);
        Gauge.builder("thanos_query_concurrent_gate_queries_max", () -> maxConcurrent)
                .description("Maximum number of concurrent queries.").register(registry);
    }

    /**
     * Answers one request.
     *
     * @param path the path below {@code /api/v1}, e.g. {@code /query} or {@code /label/job/values}
     */
    public ApiResponse handle(String path, ApiRequest request) {
        String method = request.method().equals("HEAD") ? "GET" : request.method();
        Route route = routes.get(path);
        String labelName = null;
        if (route == null && path.startsWith("/label/") && path.endsWith("/values") && path.length() > "/label//values".length() - 1) {
            labelName = path.substring("/label/".length(), path.length() - "/values".length());
            String name = labelName;
            route = new Route("label_values", List.of("GET"), r -> series.labelValues(r, name), false);
        }
        if (route == null) {
            return new ApiResponse(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        if (!route.methods().contains(method)) {
            return new ApiResponse(405, "text/plain; charset=utf-8", "Method Not Allowed\n".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        long t0 = System.nanoTime();
        ApiResponse response = answer(route, request);
        Timer.builder("http_request_duration_seconds").description("Tracks the latencies for HTTP requests.")
                .tags("handler", route.handler(), "method", method, "code", Integer.toString(response.status()))
                .publishPercentileHistogram().register(registry)
                .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return response;
    }

    private ApiResponse answer(Route route, ApiRequest request) {
        try {
            if (!route.gated()) {
                return ApiResponses.success(route.action().apply(request), request);
            }
            try {
                gate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ApiResponses.error(new ApiException(ErrorType.CANCELED, "query was canceled while queued"),
                        List.of(), request);
            }
            running.incrementAndGet();
            try {
                return ApiResponses.success(route.action().apply(request), request);
            } finally {
                running.decrementAndGet();
                gate.release();
            }
        } catch (ApiException e) {
            return ApiResponses.error(e, List.of(), request);
        } catch (RuntimeException e) {
            return ApiResponses.error(new ApiException(ErrorType.INTERNAL, String.valueOf(e.getMessage())), List.of(), request);
        }
    }
}
