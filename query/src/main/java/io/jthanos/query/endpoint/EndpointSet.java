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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The set of StoreAPI endpoints the querier fans out to (after Thanos's {@code pkg/query/endpointset.go}).
 *
 * <p>Each {@link #update()} takes the current {@link EndpointSpec}s, connects to new ones, closes removed
 * ones and calls {@code thanos.info.Info} on every endpoint concurrently, each within {@code infoTimeout}.
 * An endpoint whose last check succeeded is healthy and used with the label sets and time range it
 * announced; an unhealthy one is left out of the fan-out unless it is strict, in which case it stays with
 * its last known info (or an unbounded time range when it never answered). Statuses of endpoints that are
 * gone stay visible for {@code unhealthyTimeout} after their last check.
 *
 * <p>Reports {@code thanos_store_nodes_grpc_connections{external_labels,store_type}}: healthy endpoints per
 * label sets and component type.
 */
public final class EndpointSet implements AutoCloseable {
    static final String UNHEALTHY_MESSAGE = "removing endpoint because it's unhealthy or does not exist";

    private static final class Endpoint {
        final EndpointConnector.Connection connection;
        volatile boolean strict;
        volatile StoreInfo info;
        volatile boolean healthy;

        Endpoint(EndpointConnector.Connection connection, boolean strict) {
            this.connection = connection;
            this.strict = strict;
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
    private volatile Map<String, Endpoint> endpoints = Map.of();
    private final Map<String, EndpointStatus> statuses = new LinkedHashMap<>();

    /**
     * @param specs the endpoints to use, called on every update
     * @param connector how to connect
     * @param infoTimeout longest wait for one Info call (Thanos: 5s)
     * @param unhealthyTimeout how long a removed endpoint's status stays visible ({@code --store.unhealthy-timeout})
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
            for (EndpointSpec spec : specs.get()) {
                Endpoint e = current.remove(spec.address());
                if (e == null) {
                    e = new Endpoint(connector.connect(spec.address()), spec.strict());
                }
                e.strict = spec.strict();
                next.put(spec.address(), e);
            }
            Instant now = clock.instant();
            for (Map.Entry<String, Endpoint> gone : current.entrySet()) {
                gone.getValue().connection.close();
                record(gone.getKey(), gone.getValue(), now, UNHEALTHY_MESSAGE);
            }
            Map<String, Future<StoreInfo>> checks = new LinkedHashMap<>();
            for (Map.Entry<String, Endpoint> e : next.entrySet()) {
                Endpoint endpoint = e.getValue();
                checks.put(e.getKey(), executor.submit(() -> endpoint.connection.store().info()));
            }
            long deadline = System.nanoTime() + infoTimeout.toNanos();
            for (Map.Entry<String, Future<StoreInfo>> c : checks.entrySet()) {
                Endpoint endpoint = next.get(c.getKey());
                String error = null;
                try {
                    endpoint.info = c.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    endpoint.healthy = true;
                } catch (TimeoutException ex) {
                    c.getValue().cancel(true);
                    error = "fetching info from " + c.getKey() + ": context deadline exceeded";
                } catch (ExecutionException ex) {
                    error = "fetching info from " + c.getKey() + ": " + ex.getCause().getMessage();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    error = "fetching info from " + c.getKey() + ": interrupted";
                }
                if (error != null) {
                    endpoint.healthy = false;
                }
                record(c.getKey(), endpoint, clock.instant(), error);
            }
            endpoints = next;
            synchronized (statuses) {
                statuses.entrySet().removeIf(s -> !next.containsKey(s.getKey())
                        && now.isAfter(s.getValue().lastCheck().plus(unhealthyTimeout)));
            }
            updateMetric(next);
        }
    }

    private void record(String address, Endpoint e, Instant at, String error) {
        StoreInfo info = e.info;
        EndpointStatus status = new EndpointStatus(address, at, error, info == null ? List.of() : info.labelSets(),
                info == null ? 0 : info.minTime(), info == null ? 0 : info.maxTime(),
                info == null ? null : info.componentType());
        synchronized (statuses) {
            statuses.put(address, status);
        }
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

    /** The statuses for {@code /api/v1/stores}, sorted by name. */
    public List<EndpointStatus> statuses() {
        synchronized (statuses) {
            List<EndpointStatus> out = new ArrayList<>(statuses.values());
            out.sort(Comparator.comparing(EndpointStatus::name));
            return out;
        }
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
