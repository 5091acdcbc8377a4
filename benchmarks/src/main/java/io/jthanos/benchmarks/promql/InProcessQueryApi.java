package io.jthanos.benchmarks.promql;

import io.jthanos.cmd.http.HttpRouter;
import io.jthanos.cmd.http.HttpServer;
import io.jthanos.cmd.query.PrometheusApiHandler;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.storage.Queryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The querier's HTTP API as {@code bin/thanos query} serves it (same Netty server, router, handler,
 * {@link PrometheusApi} and JSON writer) but over local blocks in this process, without the StoreAPI hop:
 * the apples-to-apples counterpart of Prometheus answering {@code /api/v1/query_range} from its own blocks.
 */
final class InProcessQueryApi implements AutoCloseable {
    private final HttpServer server;

    private InProcessQueryApi(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code storage} on a free loopback port. */
    static InProcessQueryApi start(Queryable storage) throws IOException {
        ApiSettings settings = new ApiSettings(o -> storage, EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false,
                Clock.systemUTC());
        StatusInfo info = new StatusInfo("bench", "", "", "", "", System.getProperty("java.version"), Map.of(), Instant.now());
        PrometheusApi api = new PrometheusApi(settings, info, List::of, 20, new SimpleMeterRegistry());
        PrometheusApiHandler handler = new PrometheusApiHandler(api, "");
        HttpRouter router = new HttpRouter();
        for (String method : List.of("GET", "POST", "HEAD")) {
            router.prefix(method, handler.routerPrefix(), handler);
        }
        HttpServer server = new HttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, 16 << 20);
        server.start();
        return new InProcessQueryApi(server);
    }

    /** The server's base URI. */
    URI uri() {
        InetSocketAddress a = server.boundAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(5));
    }
}
