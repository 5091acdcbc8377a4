package io.jthanos.cmd.query;

import io.grpc.ManagedChannelBuilder;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.query.SelectGateMetrics;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.query.endpoint.DnsResolver;
import io.jthanos.query.endpoint.EndpointSet;
import io.jthanos.query.endpoint.EndpointSettings;
import io.jthanos.query.endpoint.EndpointSources;
import io.jthanos.query.endpoint.FileSd;
import io.jthanos.query.endpoint.GrpcEndpointConnector;
import io.jthanos.query.rules.InfoWithRules;
import io.jthanos.store.ComponentType;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos query}: the endpoint set (refreshed every {@code endpointInfoTimeout}), the proxy over it
 * served as a StoreAPI on the gRPC port, and the Prometheus HTTP API on the HTTP port under the route
 * prefix. Ready after the first endpoint refresh. A query whose HTTP client disconnects is cancelled, down
 * to its StoreAPI calls.
 */
public final class QueryComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(QueryComponent.class);

    private final QuerySettings settings;
    private final Supplier<List<StoreClient>> localStores;

    public QueryComponent(QuerySettings settings) {
        this(settings, List::of);
    }

    /**
     * A querier that also fans out to {@code localStores}, stores in the same process reached without gRPC
     * (all-in-one); they are not listed by {@code /api/v1/stores}.
     */
    public QueryComponent(QuerySettings settings, Supplier<List<StoreClient>> localStores) {
        this.settings = settings;
        this.localStores = localStores;
    }

    @Override
    public String name() {
        return "query";
    }

    @Override
    public void configure(ComponentContext ctx) throws IOException {
        QuerySettings s = settings;
        FileSd fileSd = s.storeSdFiles().isEmpty() ? null : new FileSd(s.storeSdFiles());
        EndpointSources sources = new EndpointSources(endpointFlags(s), configContent(s), fileSd, new DnsResolver(),
                s.dnsInterval(), Clock.systemUTC());
        Function<String, ManagedChannelBuilder<?>> channels;
        try {
            channels = ctx.tracing().channels(s.clientTls().channels());
        } catch (IOException e) {
            throw new IOException("gRPC client TLS: " + e.getMessage(), e);
        }
        EndpointSet endpoints = new EndpointSet(sources, new GrpcEndpointConnector(channels), s.endpointInfoTimeout(),
                s.unhealthyTimeout(), Clock.systemUTC(), ctx.registry());
        Supplier<List<StoreClient>> stores = () -> {
            List<StoreClient> local = localStores.get();
            if (local.isEmpty()) {
                return endpoints.storeClients();
            }
            List<StoreClient> all = new java.util.ArrayList<>(local);
            all.addAll(endpoints.storeClients());
            return all;
        };
        ProxyStore proxy = new ProxyStore(stores, s.selectorLabels(), ComponentType.QUERY,
                s.storeResponseTimeout());
        if (ctx.grpc() != null) {
            ctx.grpc().addService(new StoreGrpcService(proxy));
            ctx.grpc().addService(new InfoWithRules(proxy));
        }
        QueryRules.install(ctx, s, endpoints);
        SelectGateMetrics gateMetrics = new SelectGateMetrics(ctx.registry(), s.maxConcurrentSelect());
        ApiSettings api = new ApiSettings(
                o -> new StoreQueryable(proxy, XorChunkDecoder.INSTANCE, o, s.maxConcurrentSelect(), gateMetrics),
                s.engineOptions(), s.defaults(), s.autoDownsampling(), Clock.systemUTC(), s.tenancy());
        PrometheusApi prometheusApi = new PrometheusApi(api, s.statusInfo(), endpoints::statuses, s.maxConcurrent(),
                ctx.registry());
        PrometheusApiHandler handler = new PrometheusApiHandler(prometheusApi, s.routePrefix(), s.cors());
        for (String method : List.of("GET", "POST", "HEAD", "OPTIONS")) {
            ctx.router().prefix(method, handler.routerPrefix(), handler);
        }
        CountDownLatch stop = new CountDownLatch(1);
        ctx.runGroup().add("endpoints", () -> {
            try {
                while (true) {
                    try {
                        endpoints.update();
                    } catch (RuntimeException e) {
                        LOG.warn("endpoint update failed", e);
                    }
                    ctx.prober().ready();
                    if (stop.await(s.endpointInfoTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } finally {
                endpoints.close();
            }
        }, cause -> stop.countDown());
    }

    private static List<EndpointSettings> endpointFlags(QuerySettings s) {
        List<EndpointSettings> out = new java.util.ArrayList<>();
        s.endpoints().forEach(a -> out.add(new EndpointSettings(a, false, false)));
        s.strictEndpoints().forEach(a -> out.add(new EndpointSettings(a, true, false)));
        return out;
    }

    private static Supplier<String> configContent(QuerySettings s) {
        if (s.endpointConfig() != null) {
            String content = s.endpointConfig();
            return () -> content;
        }
        if (s.endpointConfigFile() != null) {
            Path file = Path.of(s.endpointConfigFile());
            return () -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("read endpoint config " + file, e);
                }
            };
        }
        return null;
    }
}
