package io.jthanos.query.endpoint;

import io.jthanos.model.Labels;
import io.jthanos.query.rules.RulesEndpoint;
import io.jthanos.query.rules.RulesSource;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.proxy.StoreClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of StoreAPI endpoints the querier fans out to (after Thanos's {@code pkg/query/endpointset.go}).
 *
 * <p>Each {@link #update()} takes the current {@link EndpointSpec}s, connects to new ones, closes removed
 * ones at once and calls {@code thanos.info.Info} on every endpoint concurrently, each within
 * {@code infoTimeout}. An endpoint whose last check succeeded is healthy and used with the label sets and
 * time range it announced. An unhealthy one keeps its last known info and status (with the error) but is
 * left out of the fan-out unless it is strict (a strict endpoint that never answered covers all time). As
 * in Thanos: a new non-strict endpoint whose first check fails is not kept, and a non-strict endpoint
 * without a successful check for {@code unhealthyTimeout} is dropped (and connected anew if still listed).
 *
 * <p>Reports {@code thanos_store_nodes_grpc_connections{external_labels,store_type}}: healthy endpoints per
 * label sets and component type.
 */
public final class EndpointSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointSet.class);
    /** Go's zero {@code time.Time}: the last check of an endpoint that never answered. */
    static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private static final class Endpoint {
        final EndpointConnector.Connection connection;
        final Instant created;
        volatile boolean strict;
        volatile StoreInfo info;
        volatile boolean healthy;
        volatile Instant lastCheck = NEVER;
        volatile String lastError;

        Endpoint(EndpointConnector.Connection connection, boolean strict, Instant created) {
            this.connection = connection;
            this.strict = strict;
            this.created = created;
        }
    }

    private final Supplier<List<EndpointSpec>> specs;
    private final EndpointConnector connector;
    private final Duration infoTimeout;
    private final Duration unhealthyTimeout;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final MultiGauge connections;
    private final Object updateLock = new Object();
    /** The failure last logged per address: a failing endpoint is logged when its error changes, not every round. */
    private final Map<String, String> loggedErrors = new HashMap<>();
    private volatile Map<String, Endpoint> endpoints = Map.of();

    /**
     * @param specs the endpoints to use, called on every update
     * @param connector how to connect
     * @param infoTimeout longest wait for one Info call (Thanos: 5s)
     * @param unhealthyTimeout how long a non-strict endpoint may fail its checks before it is dropped
     *     ({@code --store.unhealthy-timeout})
     * @param clock time source
     * @param registry where to register the connection gauge
     */
    public EndpointSet(Supplier<List<EndpointSpec>> specs, EndpointConnector connector, Duration infoTimeout,
            Duration unhealthyTimeout, Clock clock, MeterRegistry registry) {
        this.specs = specs;
        this.connector = connector;
        this.infoTimeout = infoTimeout;
        this.unhealthyTimeout = unhealthyTimeout;
        this.clock = clock;
        this.connections = MultiGauge.builder("thanos_store_nodes_grpc_connections")
                .description("Number of gRPC connection to Store APIs. Opened connection means healthy store APIs available for Querier.")
                .register(registry);
    }

    /** Refreshes the endpoints and their health; see the class comment. Calls are serialised. */
    public void update() {
        synchronized (updateLock) {
            Map<String, Endpoint> current = new HashMap<>(endpoints);
            Map<String, Endpoint> next = new LinkedHashMap<>();
            Set<String> fresh = new HashSet<>();
            for (EndpointSpec spec : specs.get()) {
                if (next.containsKey(spec.address())) {
                    continue;
                }
                Endpoint e = current.remove(spec.address());
                if (e == null) {
                    e = new Endpoint(connector.connect(spec.address()), spec.strict(), clock.instant());
                    fresh.add(spec.address());
                }
                e.strict = spec.strict();
                next.put(spec.address(), e);
            }
            for (Endpoint gone : current.values()) {
                gone.connection.close();
            }
            loggedErrors.keySet().retainAll(next.keySet());
            Map<String, Future<StoreInfo>> checks = new LinkedHashMap<>();
            for (Map.Entry<String, Endpoint> e : next.entrySet()) {
                Endpoint endpoint = e.getValue();
                checks.put(e.getKey(), executor.submit(() -> endpoint.connection.store().info()));
            }
            long deadline = System.nanoTime() + infoTimeout.toNanos();
            for (Map.Entry<String, Future<StoreInfo>> c : checks.entrySet()) {
                check(c.getKey(), next.get(c.getKey()), c.getValue(), deadline);
            }
            Instant now = clock.instant();
            next.entrySet().removeIf(e -> {
                Endpoint x = e.getValue();
                boolean drop = !x.strict && (fresh.contains(e.getKey()) && !x.healthy || timedOut(x, now));
                if (drop) {
                    x.connection.close();
                }
                return drop;
            });
            endpoints = next;
            updateMetric(next);
        }
    }

    private void check(String address, Endpoint endpoint, Future<StoreInfo> call, long deadline) {
        String error = null;
        try {
            endpoint.info = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            call.cancel(true);
            error = "fetching info from " + address + ": context deadline exceeded";
        } catch (ExecutionException ex) {
            error = "fetching info from " + address + ": " + ex.getCause().getMessage();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            error = "fetching info from " + address + ": interrupted";
        }
        endpoint.healthy = error == null;
        endpoint.lastError = error;
        if (error == null) {
            endpoint.lastCheck = clock.instant();
            if (loggedErrors.remove(address) != null) {
                LOG.atInfo().addKeyValue("address", address).log("endpoint is reachable again");
            }
        } else if (!error.equals(loggedErrors.put(address, error))) {
            // Thanos's "update of endpoint failed": without it an endpoint that never answers (a wrong address,
            // TLS that does not match) is left out of every query without a word
            LOG.atWarn().addKeyValue("address", address).addKeyValue("err", error).log("update of endpoint failed");
        }
    }

    /** Thanos's {@code getTimedOutRefs}: no successful check within the unhealthy timeout. */
    private boolean timedOut(Endpoint e, Instant now) {
        return !Duration.between(e.created, now).minus(unhealthyTimeout).isNegative()
                && !Duration.between(e.lastCheck, now).minus(unhealthyTimeout).isNegative();
    }

    private void updateMetric(Map<String, Endpoint> current) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (Endpoint e : current.values()) {
            if (e.healthy) {
                counts.merge(List.of(labelSetsString(e.info.labelSets()), e.info.componentType().wireName()), 1, Integer::sum);
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("external_labels", k.get(0), "store_type", k.get(1)), n)));
        connections.register(rows, true);
    }

    /** Label sets as Thanos prints them for metrics: each set's text form, sorted, joined by commas. */
    static String labelSetsString(List<Labels> sets) {
        List<String> s = new ArrayList<>(sets.size());
        for (Labels l : sets) {
            s.add(l.toString());
        }
        s.sort(null);
        return String.join(",", s);
    }

    /** The stores to fan out to: healthy endpoints and strict ones. */
    public List<StoreClient> storeClients() {
        List<StoreClient> out = new ArrayList<>();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Endpoint endpoint = e.getValue();
            StoreInfo info = endpoint.info;
            if (endpoint.healthy) {
                out.add(new StoreClient(e.getKey(), endpoint.connection.store(), info));
            } else if (endpoint.strict) {
                StoreInfo known = info != null ? info
                        : new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, ComponentType.STORE, false);
                out.add(new StoreClient(e.getKey(), endpoint.connection.store(), known));
            }
        }
        return out;
    }

    /** The Rules APIs of the healthy endpoints that announced one in their Info. */
    public List<RulesEndpoint> rulesEndpoints() {
        List<RulesEndpoint> out = new ArrayList<>();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            RulesSource rules = e.getValue().healthy ? e.getValue().connection.rules() : null;
            if (rules != null) {
                out.add(new RulesEndpoint(e.getKey(), rules));
            }
        }
        return out;
    }

    /**
     * The statuses for {@code /api/v1/stores}, sorted by name: the last successful check (Go's zero time when
     * there was none), the error of the last check, and the info of the last successful check with empty
     * label sets left out.
     */
    public List<EndpointStatus> statuses() {
        List<EndpointStatus> out = new ArrayList<>();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Endpoint endpoint = e.getValue();
            StoreInfo info = endpoint.info;
            List<Labels> sets = new ArrayList<>();
            if (info != null) {
                for (Labels l : info.labelSets()) {
                    if (!l.isEmpty()) {
                        sets.add(l);
                    }
                }
            }
            out.add(new EndpointStatus(e.getKey(), endpoint.lastCheck, endpoint.lastError, sets,
                    info == null ? Long.MIN_VALUE : info.minTime(), info == null ? Long.MAX_VALUE : info.maxTime(),
                    info == null ? null : info.componentType()));
        }
        out.sort(Comparator.comparing(EndpointStatus::name));
        return out;
    }

    @Override
    public void close() {
        synchronized (updateLock) {
            for (Endpoint e : endpoints.values()) {
                e.connection.close();
            }
            endpoints = Map.of();
        }
        executor.shutdownNow();
    }
}
