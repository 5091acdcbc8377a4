package io.jthanos.cmd.allinone;

import io.jthanos.cmd.compact.CompactComponent;
import io.jthanos.cmd.grpc.GrpcServer;
import io.jthanos.cmd.http.HttpRouter;
import io.jthanos.cmd.query.QueryComponent;
import io.jthanos.cmd.query.QuerySettings;
import io.jthanos.cmd.receive.ReceiveComponent;
import io.jthanos.cmd.receive.ReceiveSettings;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.cmd.rule.RuleComponent;
import io.jthanos.cmd.runtime.Prober;
import io.jthanos.cmd.store.StoreComponent;
import io.jthanos.cmd.store.StoreSettings;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.gateway.BucketStore;
import io.jthanos.store.proxy.StoreClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos all-in-one}: receive, store gateway, querier (and compactor and ruler, when given) in one
 * process. The querier's proxy reaches the receive tenants and the bucket store in-process, without a
 * gRPC hop; the gRPC port serves the querier's StoreAPI, the HTTP port the query API and the process's
 * {@code /metrics}, which are scraped into the receive storage every self-scrape interval.
 */
public final class AllInOneComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(AllInOneComponent.class);

    private final ReceiveComponent receive;
    private final StoreComponent store;
    private final QueryComponent query;
    private final CompactComponent compact;
    private final RuleComponent rule;
    private final Settings settings;

    /**
     * The wiring's own settings.
     *
     * @param defaultTenant the receive tenant that self-scraped samples go to
     * @param selfScrapeInterval how often to ingest our own metrics; zero disables it
     * @param httpAddress {@code --http-address}, for the printed URLs and the {@code instance} label
     * @param grpcAddress {@code --grpc-address}, for the printed URLs
     * @param remoteWriteAddress {@code --remote-write.address}, for the printed URLs
     */
    public record Settings(String defaultTenant, Duration selfScrapeInterval, InetSocketAddress httpAddress,
            InetSocketAddress grpcAddress, InetSocketAddress remoteWriteAddress) {}

    /**
     * @param compact the compactor's component, or {@code null} to run without one
     * @param rule the ruler's component, or {@code null} to run without one
     */
    public AllInOneComponent(ReceiveSettings receive, StoreSettings store, QuerySettings query,
            CompactComponent compact, RuleComponent rule, Settings settings) {
        this.receive = new ReceiveComponent(receive);
        this.store = new StoreComponent(store);
        this.query = new QueryComponent(query, this::localStores);
        this.compact = compact;
        this.rule = rule;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "all-in-one";
    }

    @Override
    public void configure(ComponentContext ctx) throws Exception {
        List<Prober> parts = new ArrayList<>();
        // Receive and store add their gRPC services to a server that is never started: only the
        // querier's StoreAPI is served, and the querier reaches the other two in-process.
        receive.configure(part(ctx, parts, unstartedGrpc(), ctx.router()));
        store.configure(part(ctx, parts, unstartedGrpc(), ctx.router()));
        query.configure(part(ctx, parts, ctx.grpc(), ctx.router()));
        if (compact != null) {
            // The compactor's detailed /-/ready would replace the process's own.
            compact.configure(part(ctx, parts, null, new HttpRouter()));
        }
        if (rule != null) {
            // The ruler's /api/v1/rules and /api/v1/alerts take precedence over the querier's (exact routes win).
            rule.configure(part(ctx, parts, unstartedGrpc(), ctx.router()));
        }
        Prober.Listener allReady = (healthy, ready) -> {
            if (parts.stream().allMatch(Prober::isReady)) {
                ctx.prober().ready();
            }
        };
        parts.forEach(p -> p.addListener(allReady));
        allReady.accept(true, true);

        if (!settings.selfScrapeInterval().isZero() && ctx.registry() instanceof PrometheusMeterRegistry registry) {
            addSelfScrape(ctx, registry);
        }
        printUrls();
    }

    private List<StoreClient> localStores() {
        List<StoreClient> out = new ArrayList<>();
        MultiTsdb storage = receive.storage();
        if (storage != null) {
            out.addAll(storage.storeClients());
        }
        BucketStore bucketStore = store.store();
        if (bucketStore != null) {
            out.add(new StoreClient("store gateway (in-process)", bucketStore, bucketStore.info()));
        }
        TsdbStore ruleStore = rule == null ? null : rule.store();
        if (ruleStore != null) {
            out.add(new StoreClient("ruler (in-process)", ruleStore, ruleStore.info()));
        }
        return out;
    }

    private static ComponentContext part(ComponentContext ctx, List<Prober> parts, GrpcServer grpc, HttpRouter router) {
        Prober prober = new Prober();
        prober.healthy();
        parts.add(prober);
        return new ComponentContext(router, grpc, ctx.registry(), prober, ctx.runGroup(), ctx.tracing());
    }

    private static GrpcServer unstartedGrpc() {
        return new GrpcServer(new InetSocketAddress("127.0.0.1", 0), Duration.ZERO);
    }

    private void addSelfScrape(ComponentContext ctx, PrometheusMeterRegistry registry) {
        String instance = hostPort(settings.httpAddress());
        SelfScraper scraper = new SelfScraper(registry::scrape, () -> {
            try {
                return receive.storage().tenant(settings.defaultTenant()).db().appendable();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "thanos-all-in-one", instance);
        CountDownLatch stop = new CountDownLatch(1);
        long interval = settings.selfScrapeInterval().toMillis();
        ctx.runGroup().add("self-scrape", () -> {
            while (!stop.await(interval, TimeUnit.MILLISECONDS)) {
                try {
                    scraper.scrapeOnce();
                } catch (Exception e) {
                    LOG.atWarn().addKeyValue("err", e.toString()).log("self-scrape failed");
                }
            }
        }, cause -> stop.countDown());
    }

    private void printUrls() {
        String http = hostPort(settings.httpAddress());
        String message = String.join("\n",
                "jthanos all-in-one: receive, store gateway, querier" + (compact != null ? ", compactor" : "")
                        + (rule != null ? ", ruler" : "") + " in one process",
                "  Prometheus remote_write url: http://" + hostPort(settings.remoteWriteAddress()) + "/api/v1/receive",
                "  Grafana data source (type Prometheus) / query API: http://" + http,
                "  StoreAPI (gRPC, for another querier): " + hostPort(settings.grpcAddress()),
                "  metrics: http://" + http + "/metrics");
        System.out.println(message);
        System.out.flush();
    }

    /** A reachable host:port for an address that may be a wildcard. */
    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        return host + ":" + a.getPort();
    }
}
