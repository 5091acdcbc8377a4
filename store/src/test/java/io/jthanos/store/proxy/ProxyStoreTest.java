package io.jthanos.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Fan-out behaviour of {@link ProxyStore} beyond the conformance suite, with in-process stores. */
class ProxyStoreTest {
    private static final Labels UP = Labels.of("__name__", "up", "job", "a");

    private static StoreClient tsdb(String name, InMemoryChunkQueryable db, Labels ext, long min, long max) {
        TsdbStore s = new TsdbStore(db, ext, ComponentType.RECEIVE, () -> min, () -> max);
        return new StoreClient(name, s, s.info());
    }

    /** A store that must never be asked. */
    private static StoreClient untouchable(String name, Labels ext, long min, long max) {
        StoreApi api = new StoreApi() {
            @Override
            public StoreInfo info() {
                return new StoreInfo(List.of(ext), min, max, ComponentType.STORE, true);
            }

            @Override
            public void series(SeriesRequest r, SeriesObserver o) {
                throw new AssertionError("store " + name + " should have been pruned");
            }

            @Override
            public LabelQueryResult labelNames(LabelNamesRequest r) {
                throw new AssertionError("store " + name + " should have been pruned");
            }

            @Override
            public LabelQueryResult labelValues(LabelValuesRequest r) {
                throw new AssertionError("store " + name + " should have been pruned");
            }
        };
        return new StoreClient(name, api, api.info());
    }

    static List<StoreSeries> collect(StoreApi store, SeriesRequest r, List<String> warnings) {
        List<StoreSeries> out = new ArrayList<>();
        store.series(r, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                out.add(s);
            }

            @Override
            public void onWarning(String w) {
                warnings.add(w);
            }
        });
        return out;
    }

    @Test
    void storesOutsideTheTimeRangeOrWithNonMatchingExternalLabelsAreNotAsked() {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable().addRegular(UP, 0, 1000, 10, 0, 5);
        List<StoreClient> clients = List.of(
                tsdb("eu", db, Labels.of("region", "eu"), 0, 10_000),
                untouchable("old", Labels.of("region", "eu"), -100_000, -1),
                untouchable("us", Labels.of("region", "us"), 0, 10_000));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        List<String> warnings = new ArrayList<>();
        List<StoreSeries> got = collect(proxy, SeriesRequest.of(0, 10_000, Matcher.equal("region", "eu"),
                Matcher.equal("__name__", "up")), warnings);
        assertThat(got).extracting(StoreSeries::labels).containsExactly(Labels.of("__name__", "up", "job", "a", "region", "eu"));
        assertThat(warnings).isEmpty();
        assertThat(proxy.labelValues(LabelValuesRequest.of("job", 0, 10_000, Matcher.equal("region", "eu"))).values())
                .containsExactly("a");
    }

    @Test
    void noMatchingStoreIsAnEmptyAnswerWithoutWarning() {
        List<StoreClient> clients = List.of(untouchable("us", Labels.of("region", "us"), 0, 10));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        List<String> warnings = new ArrayList<>();
        assertThat(collect(proxy, SeriesRequest.of(0, 10, Matcher.equal("region", "eu")), warnings)).isEmpty();
        // Thanos's pkg/store/proxy.go logs ErrorNoStoresMatched at debug level and returns nothing.
        assertThat(warnings).isEmpty();
    }

    @Test
    void identicalSeriesFromTwoStoresAreMergedAndIdenticalChunksKeptOnce() {
        InMemoryChunkQueryable a = new InMemoryChunkQueryable().addRegular(UP, 0, 1000, 10, 0, 5);
        InMemoryChunkQueryable b = new InMemoryChunkQueryable().addRegular(UP, 0, 1000, 10, 0, 5)
                .addRegular(Labels.of("__name__", "up", "job", "b"), 0, 1000, 3, 0, 5);
        List<StoreClient> clients = List.of(tsdb("a", a, Labels.empty(), 0, 10_000), tsdb("b", b, Labels.empty(), 0, 10_000));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        List<StoreSeries> got = collect(proxy, SeriesRequest.of(0, 10_000, Matcher.equal("__name__", "up")), new ArrayList<>());
        assertThat(got).extracting(StoreSeries::labels).containsExactly(UP, Labels.of("__name__", "up", "job", "b"));
        assertThat(got.get(0).chunks()).hasSize(2);
    }

    /** Under WARN, what a store sent before it failed is kept (Thanos passes it on) and the failure is a warning. */
    @Test
    void theSeriesOfAStoreThatFailsMidStreamAreKeptUnderWarn() {
        StoreClient failing = streaming("failing", (r, o) -> {
            for (int i = 0; i < 3; i++) {
                o.onSeries(StoreSeries.labelsOnly(Labels.of("__name__", "s", "i", Integer.toString(i))));
            }
            throw new StoreException(StoreException.Code.UNAVAILABLE, "disk on fire");
        });
        List<StoreClient> clients = List.of(failing);
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        List<String> warnings = new ArrayList<>();
        List<StoreSeries> got = collect(proxy, SeriesRequest.of(0, 10, Matcher.equal("__name__", "s")), warnings);
        assertThat(got).hasSize(3);
        assertThat(warnings).singleElement().asString().contains("failing").contains("disk on fire");
    }

    /** A store that streams {@code n} series and counts how many it has handed over. */
    private static StoreClient counting(String name, int n, AtomicInteger produced, long sleepMillisBeforeFirst) {
        return streaming(name, (r, o) -> {
            try {
                Thread.sleep(sleepMillisBeforeFirst);
            } catch (InterruptedException e) {
                throw new StoreException(StoreException.Code.CANCELLED, "interrupted");
            }
            for (int i = 0; i < n; i++) {
                o.onSeries(StoreSeries.labelsOnly(Labels.of("__name__", "s", "i", String.format("%06d", i))));
                produced.incrementAndGet();
            }
        });
    }

    /** A store whose series calls run {@code series}; it serves no label calls. */
    static StoreClient streaming(String name, BiConsumer<SeriesRequest, SeriesObserver> series) {
        StoreApi api = new StoreApi() {
            @Override
            public StoreInfo info() {
                return new StoreInfo(List.of(), 0, 10, ComponentType.STORE, true);
            }

            @Override
            public void series(SeriesRequest r, SeriesObserver o) {
                series.accept(r, o);
            }

            @Override
            public LabelQueryResult labelNames(LabelNamesRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public LabelQueryResult labelValues(LabelValuesRequest r) {
                throw new UnsupportedOperationException();
            }
        };
        return new StoreClient(name, api, api.info());
    }

    @Test
    void aSlowConsumerHoldsTheStoresBack() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        List<StoreClient> clients = List.of(counting("many", 10_000, produced, 0));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO, 4);
        AtomicInteger consumed = new AtomicInteger();
        int[] maxAhead = {0};
        proxy.series(SeriesRequest.of(0, 10, Matcher.equal("__name__", "s")).withLimit(200), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                consumed.incrementAndGet();
                maxAhead[0] = Math.max(maxAhead[0], produced.get() - consumed.get());
                Thread.onSpinWait();
            }

            @Override
            public void onWarning(String w) {
            }
        });
        assertThat(consumed.get()).isEqualTo(200);
        // buffer of 4, plus the head held by the merge and one in the producer's hand
        assertThat(maxAhead[0]).isLessThanOrEqualTo(6);
        Thread.sleep(50);
        assertThat(produced.get()).isLessThan(220);
    }

    @Test
    void aStoreThatSendsNothingWithinTheResponseTimeoutBecomesAWarningOrAborts() {
        AtomicInteger ignored = new AtomicInteger();
        InMemoryChunkQueryable db = new InMemoryChunkQueryable().addRegular(UP, 0, 1, 5, 0, 5);
        List<StoreClient> clients = List.of(tsdb("fast", db, Labels.empty(), 0, 10),
                counting("slow", 1, ignored, 5_000));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ofMillis(200));
        List<String> warnings = new ArrayList<>();
        long start = System.nanoTime();
        List<StoreSeries> got = collect(proxy, SeriesRequest.of(0, 10, Matcher.regex("__name__", ".+")), warnings);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(got).extracting(StoreSeries::labels).containsExactly(UP);
        assertThat(warnings).singleElement().asString().contains("slow").contains("failed to receive any data in 200ms");

        assertThatThrownBy(() -> collect(proxy, SeriesRequest.of(0, 10, Matcher.regex("__name__", ".+"))
                .withPartialResponseStrategy(PartialResponseStrategy.ABORT), new ArrayList<>()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.ABORTED))
                .hasMessageContaining("failed to receive any data");
    }

    @Test
    void infoIsTheUnionOfTheStores() {
        List<StoreClient> clients = List.of(untouchable("a", Labels.of("region", "eu"), 100, 200),
                untouchable("b", Labels.of("region", "us"), 50, 150));
        StoreInfo info = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO).info();
        assertThat(info.minTime()).isEqualTo(50);
        assertThat(info.maxTime()).isEqualTo(200);
        assertThat(info.labelSets()).containsExactly(Labels.of("region", "eu"), Labels.of("region", "us"));
    }

    @Test
    void infoWithoutStoresCoversAllTimeAsInThanos() {
        StoreInfo info = new ProxyStore(List::of, Labels.of("tenant", "a"), ComponentType.RECEIVE, Duration.ZERO).info();
        assertThat(info.minTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(info.maxTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(info.labelSets()).containsExactly(Labels.of("tenant", "a"));
    }
}
