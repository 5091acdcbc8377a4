package io.jthanos.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.store.testing.BaseStoreApiTestCase;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite through {@link LimitedStoreApi} with limits the data stays under, and the limits
 * themselves, over loopback gRPC. The suite's data: seven series of three 80-sample chunks each.
 */
class LimitedStoreApiTest extends BaseStoreApiTestCase {
    private final List<LoopbackStore> servers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void closeServers() {
        servers.forEach(LoopbackStore::close);
    }

    private StoreApi serve(InMemoryChunkQueryable data, Labels externalLabels, LimitedStoreApi.Limits limits) {
        StoreApi tsdb = new TsdbStore(data, externalLabels, ComponentType.RECEIVE, () -> 0, () -> MAX_T);
        LoopbackStore s = new LoopbackStore(LimitedStoreApi.wrap(tsdb, limits, registry));
        servers.add(s);
        return s.client();
    }

    @Override
    protected StoreApi open(InMemoryChunkQueryable data, Labels externalLabels) {
        return serve(data, externalLabels, new LimitedStoreApi.Limits(7, 7 * 3 * 120));
    }

    @Override
    protected StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels, RuntimeException failure) {
        healthy.failWith(failure);
        return open(healthy, externalLabels);
    }

    @Override
    protected boolean failuresBecomeWarnings() {
        return false;
    }

    private static final SeriesRequest ALL_SERIES = SeriesRequest.of(0, MAX_T, Matcher.regex("__name__", ".+"));

    @Test
    void aCallThatSendsMoreSeriesThanTheLimitFails() {
        StoreApi store = serve(db, EXTERNAL, new LimitedStoreApi.Limits(6, 0));
        assertThatThrownBy(() -> collect(store, ALL_SERIES)).isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("failed to send series: limit 6 violated (got 7)");
        assertThat(registry.get("thanos_store_selects_dropped").tag("reason", "series").counter().count()).isEqualTo(1);
        // the limit is per call: a call under it passes
        assertThat(collect(store, SeriesRequest.of(0, MAX_T, Matcher.equal("__name__", "up"))).series()).hasSize(3);
    }

    @Test
    void samplesAreCountedAs120PerChunk() {
        // each series has 3 chunks of 80 samples: 240 samples, counted as 360
        StoreApi store = serve(db, EXTERNAL, new LimitedStoreApi.Limits(0, 3 * 360 - 1));
        assertThat(collect(store, SeriesRequest.of(0, MAX_T, Matcher.equal("job", "api"), Matcher.equal("__name__", "up")))
                .series()).hasSize(2);
        assertThatThrownBy(() -> collect(store, SeriesRequest.of(0, MAX_T, Matcher.equal("__name__", "up"))))
                .hasMessageContaining("failed to send samples: limit 1079 violated (got 1080)");
        assertThat(registry.get("thanos_store_selects_dropped").tag("reason", "chunks").counter().count()).isEqualTo(1);
        // without chunks there are no samples to count
        assertThat(collect(store, ALL_SERIES.withSkipChunks(true)).series()).hasSize(7);
    }

    @Test
    void withoutLimitsTheStoreIsNotWrapped() {
        StoreApi tsdb = new TsdbStore(db, EXTERNAL, ComponentType.RECEIVE, () -> 0, () -> MAX_T);
        assertThat(LimitedStoreApi.wrap(tsdb, LimitedStoreApi.Limits.NONE, registry)).isSameAs(tsdb);
    }
}
