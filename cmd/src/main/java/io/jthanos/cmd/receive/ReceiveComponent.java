package io.jthanos.cmd.receive;

import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.http.HttpRouter;
import io.jthanos.cmd.http.HttpServer;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.model.Labels;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.handler.LimitsConfig;
import io.jthanos.receive.handler.RemoteWriteHandler;
import io.jthanos.receive.handler.RemoteWriteHttpRequest;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.handler.TsdbStatusHandler;
import io.jthanos.receive.hashring.HashringAlgorithm;
import io.jthanos.receive.hashring.HashringConfig;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.hashring.HashringsWatcher;
import io.jthanos.receive.replication.GrpcPeerClient;
import io.jthanos.receive.replication.ReceiverMode;
import io.jthanos.receive.replication.WriteRouter;
import io.jthanos.receive.replication.WriteableStoreService;
import io.jthanos.receive.tsdb.TsdbTenantDbFactory;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.tsdb.TsdbOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos receive} (after Thanos's {@code cmd/thanos/receive.go}): per-tenant storage, the
 * remote-write listener, the hashring (watched when it comes from a file), the router with replication,
 * and over gRPC the StoreAPI of all tenants, {@code thanos.info.Info} and {@code thanos.WriteableStore}.
 */
public final class ReceiveComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveComponent.class);
    /** Largest remote-write body the listener buffers; per-tenant limits apply below it. */
    private static final int MAX_BODY_BYTES = 64 << 20;

    private final ReceiveSettings settings;
    private final AtomicReference<Hashrings> hashrings = new AtomicReference<>();
    private final Map<String, AtomicInteger> ringNodes = new ConcurrentHashMap<>();
    private volatile MultiTsdb storage;
    private volatile ProxyStore storeApi;

    public ReceiveComponent(ReceiveSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "receive";
    }

    /** The tenants' storage, once configured (for in-process use, e.g. all-in-one). */
    public MultiTsdb storage() {
        return storage;
    }

    /** The StoreAPI over all tenants that the gRPC port serves, once configured. */
    public ProxyStore storeApi() {
        return storeApi;
    }

    @Override
    public void configure(ComponentContext ctx) throws Exception {
        MeterRegistry registry = ctx.registry();
        ReceiveMetrics metrics = new ReceiveMetrics(registry);
        HashringAlgorithm algorithm = HashringAlgorithm.fromName(settings.hashringsAlgorithm());
        int rf = settings.replicationFactor();
        boolean hasHashring = settings.hashringsFile() != null
                || (settings.hashrings() != null && !settings.hashrings().isBlank());
        String localEndpoint = settings.localEndpoint() == null || settings.localEndpoint().isBlank()
                ? null : settings.localEndpoint();
        ReceiverMode mode = ReceiverMode.of(hasHashring, localEndpoint != null);
        // Without --receive.local-endpoint this node is only named in its own single-node ring.
        String self = localEndpoint != null ? localEndpoint : "local";

        HashringsWatcher watcher = null;
        if (settings.hashringsFile() != null) {
            publish(HashringsWatcher.load(settings.hashringsFile(), algorithm, rf), registry);
            watcher = new HashringsWatcher(settings.hashringsFile(), settings.hashringsRefreshInterval(),
                    Duration.ofSeconds(1), algorithm, rf, new HashringsWatcher.Listener() {
                        @Override
                        public void onHashrings(Hashrings rings, String content) {
                            publish(rings, registry);
                            LOG.atInfo().addKeyValue("nodes", rings.nodes().size()).log("hashring configuration reloaded");
                        }
                    });
        } else if (hasHashring) {
            publish(HashringsWatcher.build(settings.hashrings(), algorithm, rf), registry);
        } else {
            publish(Hashrings.singleNode(self), registry);
        }

        Labels external = Labels.fromMap(settings.externalLabels());
        Bucket bucket = settings.objstoreConfig() == null ? null
                : BucketFactory.fromConfig(settings.objstoreConfig(), settings.objstoreSource(), registry);
        Duration block = settings.blockDuration();
        MultiTsdb storage = new MultiTsdb(settings.tsdbPath(),
                new TsdbTenantDbFactory(TsdbOptions.defaults().withBlockDuration(block).withDurability(settings.walDurability())
                        .withRetention(settings.retention()).withCompactionInterval(checkInterval(block, Duration.ofMinutes(1)))),
                external, settings.tenantLabelName(),
                bucket == null ? null : new MultiTsdb.Shipping(bucket, registry, false));
        storage.openExisting();
        this.storage = storage;
        if (bucket == null) {
            LOG.atInfo().log("no supported bucket was configured, uploads will be disabled");
        }

        GrpcPeerClient peers;
        try {
            peers = new GrpcPeerClient(settings.grpcCompression(), ctx.tracing().channels(settings.peerTls().channels()));
        } catch (IOException e) {
            throw new IOException("gRPC client TLS to the other receivers: " + e.getMessage(), e);
        }
        WriteRouter router = new WriteRouter(hashrings::get, self, rf, mode, new TenantWriter(storage, settings.tooFarInFuture().toMillis(), System::currentTimeMillis), peers,
                settings.forwardTimeout(), settings.forwardMaxBackoff(), metrics);
        AtomicReference<LimitsConfig> limits = new AtomicReference<>(settings.limitsConfig() == null ? LimitsConfig.unlimited()
                : LimitsConfig.parse(settings.limitsConfig()));
        RemoteWriteHandler handler = new RemoteWriteHandler(
                new RemoteWriteHandler.Options(settings.tenantHeader(), settings.defaultTenant(), settings.replicaHeader(),
                        RemoteWriteHandler.DEFAULT_MAX_DECOMPRESSED_BYTES, settings.relabel()),
                () -> hashrings.get() != null, limits::get, tenant -> {
                    for (MultiTsdb.Tenant t : storage.tenants()) {
                        if (t.id().equals(tenant)) {
                            return t.db().numSeries();
                        }
                    }
                    return 0;
                }, router, metrics);

        ProxyStore proxy = new ProxyStore(storage::storeClients, Labels.empty(), ComponentType.RECEIVE, Duration.ZERO);
        this.storeApi = proxy;
        ctx.grpc().addService(new StoreGrpcService(LimitedStoreApi.wrap(proxy, settings.storeLimits(), ctx.registry())));
        ctx.grpc().addService(new InfoGrpcService(proxy));
        ctx.grpc().addService(new WriteableStoreService(router));

        TsdbStatusHandler tsdbStatus = new TsdbStatusHandler(storage, settings.tenantHeader(), settings.defaultTenant());
        HttpRouter rwRouter = new HttpRouter().post("/api/v1/receive", request -> {
            RemoteWriteHttpResponse r = handler.handle(new RemoteWriteHttpRequest(request::header, request.body()));
            return new HttpResponse(r.status(), HttpResponse.TEXT_PLAIN, r.body().getBytes(StandardCharsets.UTF_8),
                    r.headers());
        }).get("/api/v1/status/tsdb", request -> {
            TsdbStatusHandler.Response r = tsdbStatus.handle(request::header, request::queryParam);
            return HttpResponse.of(r.status(), "application/json", r.body());
        }).use(ctx.tracing().httpMiddleware());
        HttpServer remoteWrite = new HttpServer(settings.remoteWriteAddress(), rwRouter, MAX_BODY_BYTES,
                settings.remoteWriteTls());
        remoteWrite.start();
        ctx.runGroup().add("remote-write", remoteWrite::awaitTermination, cause -> remoteWrite.shutdown(Duration.ofSeconds(5)));

        if (watcher != null) {
            HashringsWatcher w = watcher;
            ctx.runGroup().add("hashrings-watcher", w::run, cause -> w.stop());
        }

        if (settings.limitsConfigFile() != null) {
            LimitsConfigReloader reloader = new LimitsConfigReloader(settings.limitsConfigFile(), settings.limitsConfig(),
                    settings.limitsReloadInterval(), limits, ctx.registry());
            ctx.runGroup().add("limits-config-reloader", reloader::run, cause -> reloader.stop());
        }

        if (bucket != null) {
            // Thanos ships every 30s; short test blocks need a shorter period to be shipped promptly
            Duration period = checkInterval(block, Duration.ofSeconds(30));
            CountDownLatch shipperStopped = new CountDownLatch(1);
            ctx.runGroup().add("shipper", () -> {
                while (!shipperStopped.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
                    ship(storage);
                }
            }, cause -> shipperStopped.countDown());
        }

        CountDownLatch stopped = new CountDownLatch(1);
        ctx.runGroup().add("tsdb", stopped::await, cause -> {
            remoteWrite.shutdown(Duration.ofSeconds(5));
            router.close();
            peers.close();
            if (bucket != null) {
                // as Thanos: the head becomes a (short) block and everything is shipped before we stop
                try {
                    storage.flush();
                } catch (Exception e) {
                    LOG.atError().setCause(e).log("flush storage");
                }
                ship(storage);
            }
            try {
                storage.close();
            } catch (Exception e) {
                LOG.atError().setCause(e).log("close storage");
            }
            if (bucket != null) {
                try {
                    bucket.close();
                } catch (Exception e) {
                    LOG.atError().setCause(e).log("close bucket");
                }
            }
            stopped.countDown();
        });
        LOG.atInfo().addKeyValue("mode", mode).addKeyValue("local_endpoint", self)
                .addKeyValue("replication_factor", rf).log("receive configured");
        ctx.prober().ready();
    }

    /** {@code max} for 2h blocks, proportionally less for shorter blocks, at least a second. */
    static Duration checkInterval(Duration block, Duration max) {
        Duration scaled = block.dividedBy(12);
        if (scaled.compareTo(Duration.ofSeconds(1)) < 0) {
            scaled = Duration.ofSeconds(1);
        }
        return scaled.compareTo(max) < 0 ? scaled : max;
    }

    private static void ship(MultiTsdb storage) {
        try {
            storage.ship();
        } catch (Exception e) {
            LOG.atError().setCause(e).log("upload blocks");
        }
    }

    private void publish(Hashrings rings, MeterRegistry registry) {
        hashrings.set(rings);
        Map<String, Integer> perRing = rings.config().stream()
                .collect(Collectors.toMap(HashringConfig::name, c -> c.endpoints().size(), Integer::sum));
        ringNodes.values().forEach(v -> v.set(0));
        perRing.forEach((name, count) -> ringNodes.computeIfAbsent(name, n -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("thanos_receive_hashring_nodes", v, AtomicInteger::get)
                    .description("The number of nodes per hashring.").tag("name", n).register(registry);
            return v;
        }).set(count));
    }
}
