package io.jthanos.ruler.testing;

import com.sun.net.httpserver.HttpServer;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.storage.Queryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The query module's Prometheus HTTP API over a {@link Queryable}, on a free loopback port: an in-process querier. */
public final class QuerierApiServer implements AutoCloseable {
    private final HttpServer server;

    public QuerierApiServer(Queryable data) throws IOException {
        ApiSettings settings = new ApiSettings(o -> data, EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false,
                Clock.systemUTC());
        PrometheusApi api = new PrometheusApi(settings, new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()),
                List::of, 4, new SimpleMeterRegistry());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", exchange -> {
            try (exchange) {
                Map<String, List<String>> query = new LinkedHashMap<>();
                String raw = exchange.getRequestURI().getRawQuery();
                if (raw != null) {
                    ApiRequest.parseForm(raw, query);
                }
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
                byte[] body = exchange.getRequestBody().readAllBytes();
                ApiResponse r = api.handle(exchange.getRequestURI().getPath().substring("/api/v1".length()),
                        ApiRequest.of(exchange.getRequestMethod(), query, headers,
                                exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.getResponseHeaders().set("Content-Type", r.contentType());
                exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        });
        server.start();
    }

    /** {@code 127.0.0.1:<port>}, as {@code --query} takes it. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
