package io.jthanos.cmd.rule;

import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.model.Labels;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.query.rules.InfoWithRules;
import io.jthanos.query.rules.RulesGrpcService;
import io.jthanos.query.rules.RulesHttpApi;
import io.jthanos.ruler.eval.EvalContext;
import io.jthanos.ruler.eval.EvalSettings;
import io.jthanos.ruler.eval.FileSdEndpoints;
import io.jthanos.ruler.eval.HttpQueryClient;
import io.jthanos.ruler.eval.QueryConfig;
import io.jthanos.ruler.eval.RuleManager;
import io.jthanos.ruler.eval.RuleMetrics;
import io.jthanos.ruler.eval.RuleReloader;
import io.jthanos.ruler.notify.AlertNotifier;
import io.jthanos.ruler.notify.AlertmanagerConfig;
import io.jthanos.ruler.rulefmt.RuleFileException;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.StoreGrpcService;
import io.jthanos.store.shipper.Shipper;
import io.jthanos.store.shipper.ShipperMetrics;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos rule}: evaluates rule files against queriers' HTTP APIs, stores results and ALERTS in
 * its own TSDB served as a StoreAPI with the external labels, uploads the TSDB's blocks to the bucket
 * when {@code --objstore.config} is set, sends alerts to Alertmanagers, serves its rules over
 * {@code thanos.Rules} (announced in its Info) and as {@code /api/v1/rules} and {@code /api/v1/alerts}, and reloads the rules on SIGHUP and
 * {@code POST /-/reload} (a broken file is refused, the old rules keep running).
 */
public final class RuleComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(RuleComponent.class);

    private final RuleSettings settings;
    private volatile TsdbStore store;

    public RuleComponent(RuleSettings settings) {
        this.settings = settings;
    }

    /** The StoreAPI over the ruler's TSDB, once configured (for in-process use, e.g. all-in-one). */
    public TsdbStore store() {
        return store;
    }

    @Override
    public String name() {
        return "rule";
    }

    @Override
    public void configure(ComponentContext ctx) throws Exception {
        RuleSettings s = settings;
        List<AlertmanagerConfig.Endpoint> alertmanagers = new ArrayList<>(AlertmanagerConfig.fromUrls(s.alertmanagerUrls(), s.sendTimeout()));
        if (s.alertmanagersConfig() != null) {
            alertmanagers.addAll(AlertmanagerConfig.parse(s.alertmanagersConfig(), s.sendTimeout()));
        }
        Duration block = s.blockDuration();
        Tsdb db = Tsdb.open(s.dataDir(), TsdbOptions.defaults().withBlockDuration(block).withRetention(s.retention())
                .withCompactionInterval(checkInterval(block, Duration.ofMinutes(1))), ctx.registry());
        Bucket bucket = null;
        boolean started = false;
        try {
            if (s.objstoreConfig() != null) {
                bucket = BucketFactory.fromConfig(s.objstoreConfig(), s.objstoreSource(), ctx.registry());
                if (s.externalLabels().isEmpty()) {
                    LOG.warn("no --label set: blocks cannot be uploaded without external labels");
                }
                addShipper(ctx, new Shipper(s.dataDir(), bucket, s.externalLabels(), Shipper.RULER_SOURCE,
                        Shipper.Options.DEFAULTS, new ShipperMetrics(ctx.registry())), bucket, checkInterval(block, Duration.ofSeconds(30)));
            } else {
                LOG.info("no supported bucket was configured, uploads will be disabled");
            }
            TsdbStore store = new TsdbStore(db, s.externalLabels(), ComponentType.RULE, db::minTime, () -> Long.MAX_VALUE);
            this.store = store;
            AlertNotifier notifier = new AlertNotifier(alertmanagers, s.externalLabels(), s.alertLabelDrop(),
                    s.alertRelabel(), s.alertQueryUrl(), ctx.registry());
            HttpQueryClient queries = s.queryConfig() != null
                    ? new HttpQueryClient(Duration.ofMinutes(2), QueryConfig.parse(s.queryConfig()))
                    : new HttpQueryClient(new FileSdEndpoints(s.queryEndpoints(), s.querySdFiles()), Duration.ofMinutes(2));
            EvalSettings eval = new EvalSettings(queries, db, db, new EvalContext(s.externalLabels(), s.alertQueryUrl(), queries),
                    notifier, s.evalInterval(), s.queryOffset(), s.resendDelay(), s.forOutageTolerance(), s.forGracePeriod(),
                    Clock.systemUTC());
            RuleManager manager = new RuleManager(eval, new RuleMetrics(ctx.registry()));
            RuleReloader reloader = new RuleReloader(s.ruleFiles(), manager, ctx.registry());
            try {
                reloader.reload();
            } catch (RuleFileException e) {
                manager.close();
                throw new IllegalArgumentException("load rules: " + e.getMessage(), e);
            }
            RulerRules rules = new RulerRules(manager::groups, s.externalLabels());
            if (ctx.grpc() != null) {
                ctx.grpc().addService(new StoreGrpcService(LimitedStoreApi.wrap(store, s.storeLimits(), ctx.registry())));
                ctx.grpc().addService(new InfoWithRules(store));
                ctx.grpc().addService(new RulesGrpcService(rules));
            }
            // As the Thanos ruler: rules with the external labels (through its Rules API), alerts without.
            RulesHttpApi api = new RulesHttpApi(rules, new RulerRules(manager::groups, Labels.empty()), List.of(), false);
            String prefix = s.routePrefix();
            ctx.router().get(prefix + "/api/v1/rules", r -> json(api.rules(r.query())));
            ctx.router().get(prefix + "/api/v1/alerts", r -> json(api.alerts()));
            ctx.router().post(prefix + "/-/reload", r -> {
                try {
                    reloader.reload();
                    return HttpResponse.text(200, "");
                } catch (RuleFileException e) {
                    return HttpResponse.text(500, "failed to reload config: " + e.getMessage());
                }
            });
            installSighup(reloader);
            ctx.runGroup().add("alert-sender", notifier::run, cause -> notifier.close());
            CountDownLatch stop = new CountDownLatch(1);
            ctx.runGroup().add("rules", () -> {
                ctx.prober().ready();
                try {
                    stop.await();
                } finally {
                    manager.close();
                    notifier.close();
                    db.close();
                }
            }, cause -> stop.countDown());
            started = true;
        } finally {
            if (!started) {
                db.close();
                if (bucket != null) {
                    bucket.close();
                }
            }
        }
    }

    /** Ships completed blocks every {@code period} (Thanos: 30s), until stopped; then closes the bucket. */
    private static void addShipper(ComponentContext ctx, Shipper shipper, Bucket bucket, Duration period) {
        CountDownLatch stop = new CountDownLatch(1);
        ctx.runGroup().add("shipper", () -> {
            try {
                while (!stop.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
                    try {
                        shipper.sync();
                    } catch (IOException | RuntimeException e) {
                        LOG.atWarn().setCause(e).log("block upload sync failed");
                    }
                }
            } finally {
                bucket.close();
            }
        }, cause -> stop.countDown());
    }

    /** {@code max} for 2h blocks, proportionally less for shorter ones (tests), at least a second. */
    static Duration checkInterval(Duration block, Duration max) {
        Duration scaled = block.dividedBy(12);
        if (scaled.compareTo(Duration.ofSeconds(1)) < 0) {
            scaled = Duration.ofSeconds(1);
        }
        return scaled.compareTo(max) < 0 ? scaled : max;
    }

    private static HttpResponse json(RulesHttpApi.Response r) {
        return HttpResponse.of(r.status(), "application/json", r.body());
    }

    @SuppressWarnings("restriction")
    private static void installSighup(RuleReloader reloader) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> Thread.ofVirtual().start(() -> {
            try {
                reloader.reload();
            } catch (RuleFileException e) {
                // logged by the reloader; the old rules keep running
            }
        }));
    }
}
