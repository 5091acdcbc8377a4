package io.jthanos.store.proxy;

import io.jthanos.model.Labels;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.testing.BaseStoreApiTestCase;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The conformance suite against a {@link ProxyStore} served over gRPC, fanning out over gRPC to two
 * stores that split the data between them (and both hold {@code S1}, whose identical chunks must come
 * out once).
 */
class ProxyStoreGrpcTest extends BaseStoreApiTestCase {
    private final List<LoopbackStore> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        for (LoopbackStore s : servers) {
            s.close();
        }
    }

    private GrpcStoreClient serve(StoreApi store) {
        LoopbackStore s = new LoopbackStore(store);
        servers.add(s);
        return s.client();
    }

    private StoreApi proxyOver(List<StoreApi> backends) {
        List<StoreClient> clients = new ArrayList<>();
        for (StoreApi b : backends) {
            GrpcStoreClient c = serve(b);
            clients.add(new StoreClient(c.toString(), c, c.info()));
        }
        return serve(new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ofSeconds(10)));
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
        return proxyOver(List.of(tsdb(even, externalLabels), tsdb(odd, externalLabels)));
    }

    private static StoreApi tsdb(InMemoryChunkQueryable data, Labels externalLabels) {
        return new TsdbStore(data, externalLabels, ComponentType.RECEIVE, () -> 0, () -> MAX_T);
    }

    @Override
    protected StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels, RuntimeException failure) {
        InMemoryChunkQueryable broken = new InMemoryChunkQueryable();
        broken.failWith(failure);
        return proxyOver(List.of(tsdb(healthy, externalLabels), tsdb(broken, externalLabels)));
    }

    @Override
    protected boolean failuresBecomeWarnings() {
        return true;
    }
}
