package io.jthanos.query.compat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.PrometheusApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** Serves a {@link PrometheusApi} on {@code 127.0.0.1:0} with the JDK's HTTP server, for process-level tests. */
final class ApiHttpServer implements AutoCloseable {
    private final HttpServer server;

    ApiHttpServer(PrometheusApi api) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/", exchange -> handle(api, exchange));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void handle(PrometheusApi api, HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                ApiRequest.parseForm(raw, query);
            }
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
            byte[] body = ex.getRequestBody().readAllBytes();
            ApiResponse r = api.handle(ex.getRequestURI().getPath().substring("/api/v1".length()),
                    ApiRequest.of(ex.getRequestMethod(), query, headers, ex.getRequestHeaders().getFirst("Content-Type"), body));
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
