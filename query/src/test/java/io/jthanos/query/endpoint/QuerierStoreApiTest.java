package io.jthanos.query.endpoint;

import io.jthanos.model.Labels;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.testing.BaseStoreApiTestCase;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The StoreAPI conformance suite against the querier's own StoreAPI, as {@code thanos query} serves it on
 * its gRPC port: a proxy over the endpoint set, which discovered two gRPC stores through Info, the data
 * split between them with {@code S1} on both.
 */
class QuerierStoreApiTest extends BaseStoreApiTestCase {
    private final List<AutoCloseable> closers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
        closers.clear();
    }

    private StoreApi querierOver(List<StoreApi> backends) {
        List<EndpointSpec> specs = new ArrayList<>();
        for (StoreApi b : backends) {
            LoopbackStore s = new LoopbackStore(b);
            closers.add(s);
            specs.add(new EndpointSpec(s.address(), false));
        }
        EndpointSet endpoints = new EndpointSet(() -> specs, new GrpcEndpointConnector(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Clock.systemUTC(), new SimpleMeterRegistry());
        closers.add(endpoints);
        endpoints.update();
        LoopbackStore served = new LoopbackStore(new ProxyStore(endpoints::storeClients, Labels.empty(),
                ComponentType.QUERY, Duration.ofSeconds(10)));
        closers.add(served);
        return served.client();
    }

    private static StoreApi tsdb(InMemoryChunkQueryable data, Labels externalLabels) {
        return new TsdbStore(data, externalLabels, ComponentType.RECEIVE, () -> 0, () -> MAX_T);
    }

    @Override
    protected StoreApi open(InMemoryChunkQueryable data, Labels externalLabels) {
        InMemoryChunkQueryable even = new InMemoryChunkQueryable();
        InMemoryChunkQueryable odd = new InMemoryChunkQueryable();
        List<InMemoryChunkQueryable.StoredSeries> all = data.all();
        for (int i = 0; i < all.size(); i++) {
            InMemoryChunkQueryable.StoredSeries s = all.get(i);
            (i % 2 == 0 ? even : odd).add(s.labels(), s.ts(), s.vs(), PER_CHUNK);
            if (s.labels().equals(S1)) {
                (i % 2 == 0 ? odd : even).add(s.labels(), s.ts(), s.vs(), PER_CHUNK);
            }
        }
        return querierOver(List.of(tsdb(even, externalLabels), tsdb(odd, externalLabels)));
    }

    @Override
    protected StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels, RuntimeException failure) {
        InMemoryChunkQueryable broken = new InMemoryChunkQueryable();
        broken.failWith(failure);
        return querierOver(List.of(tsdb(healthy, externalLabels), tsdb(broken, externalLabels)));
    }

    @Override
    protected boolean failuresBecomeWarnings() {
        return true;
    }
}
