package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SeriesSet;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --query.max-concurrent-select}: a query's selects fan out concurrently, at most that many at once. */
@Timeout(60)
class SelectGateTest {
    private final List<LoopbackStore> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(LoopbackStore::close);
    }

    /** A real store over loopback gRPC whose series calls wait for {@link #release} and are counted. */
    private final class HeldStore implements StoreApi {
        final StoreApi remote;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        HeldStore() {
            InMemoryChunkQueryable data = new InMemoryChunkQueryable();
            for (int i = 0; i < 10; i++) {
                data.addRegular(Labels.of("__name__", "m" + i, "job", "a"), 0, 10_000, 5, i, 120);
            }
            LoopbackStore s = new LoopbackStore(new TsdbStore(data, Labels.empty(), ComponentType.STORE, () -> 0,
                    () -> 60_000));
            servers.add(s);
            remote = s.client();
        }

        @Override
        public StoreInfo info() {
            return remote.info();
        }

        @Override
        public void series(SeriesRequest request, SeriesObserver observer) {
            started.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await();
                remote.series(request, observer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public LabelQueryResult labelNames(LabelNamesRequest request) {
            return remote.labelNames(request);
        }

        @Override
        public LabelQueryResult labelValues(LabelValuesRequest request) {
            return remote.labelValues(request);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void atMostMaxConcurrentSelectsFanOutAtOnceAndTheOthersQueue() throws Exception {
        HeldStore store = new HeldStore();
        StoreQueryable queryable = new StoreQueryable(store, XorChunkDecoder.INSTANCE, QueryOptions.defaults(List.of()), 4);
        List<SeriesSet> sets = new ArrayList<>();
        try (Querier q = queryable.querier(0, 60_000)) {
            for (int i = 0; i < 10; i++) {
                sets.add(q.select(true, null, Matcher.equal("__name__", "m" + i)));
            }
            // Nothing read yet: four selects are inside the store, six wait for the gate.
            await(() -> store.started.get() == 4 && queryable.queuedSelects() == 6);
            assertThat(store.inFlight.get()).isEqualTo(4);

            store.release.countDown();
            for (int i = 0; i < 10; i++) {
                SeriesSet set = sets.get(i);
                assertThat(set.next()).isTrue();
                assertThat(set.at().labels()).isEqualTo(Labels.of("__name__", "m" + i, "job", "a"));
                assertThat(set.next()).isFalse();
            }
        }
        assertThat(store.started.get()).isEqualTo(10);
        assertThat(store.maxInFlight.get()).isEqualTo(4);
        assertThat(queryable.queuedSelects()).isZero();
    }

    @Test
    void theGateIsMeasuredAsThanosDoes() throws Exception {
        HeldStore store = new HeldStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SelectGateMetrics metrics = new SelectGateMetrics(registry, 2);
        StoreQueryable queryable = new StoreQueryable(store, XorChunkDecoder.INSTANCE, QueryOptions.defaults(List.of()), 2,
                metrics);
        String prefix = "thanos_query_concurrent_selects_gate_selects";
        assertThat(registry.get(prefix + "_max").gauge().value()).isEqualTo(2);
        List<SeriesSet> sets = new ArrayList<>();
        try (Querier q = queryable.querier(0, 60_000)) {
            for (int i = 0; i < 5; i++) {
                sets.add(q.select(true, null, Matcher.equal("__name__", "m" + i)));
            }
            await(() -> store.started.get() == 2 && queryable.queuedSelects() == 3);
            assertThat(registry.get(prefix + "_in_flight").gauge().value()).isEqualTo(2);
            assertThat(registry.get(prefix).counter().count()).isEqualTo(5);
            assertThat(registry.get(prefix + "_duration").timer().count()).isEqualTo(2);

            store.release.countDown();
            for (SeriesSet set : sets) {
                assertThat(set.next()).isTrue();
            }
        }
        assertThat(registry.get(prefix + "_in_flight").gauge().value()).isZero();
        assertThat(registry.get(prefix + "_duration").timer().count()).isEqualTo(5);
    }
}
