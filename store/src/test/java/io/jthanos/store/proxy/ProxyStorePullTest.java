package io.jthanos.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.store.ComponentType;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.testing.LoopbackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out over stores it reads by pulling (remote stores over real gRPC on loopback, read through their
 * {@link io.jthanos.store.SeriesCursor} on the merging thread): timeouts, early ends and backpressure reach
 * the remote store.
 */
class ProxyStorePullTest {
    private final List<LoopbackStore> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(LoopbackStore::close);
    }

    /**
     * A remote store whose series calls run {@code series} on the server ({@link ProxyStoreTest#streaming}, served
     * over gRPC); how they ended goes to {@code ended}.
     */
    private StoreClient remote(String name, BiConsumer<SeriesRequest, SeriesObserver> series,
            AtomicReference<Throwable> ended, CountDownLatch done) {
        StoreClient served = ProxyStoreTest.streaming(name, (r, o) -> {
            try {
                series.accept(r, o);
            } catch (RuntimeException e) {
                ended.set(e);
                throw e;
            } finally {
                done.countDown();
            }
        });
        LoopbackStore server = new LoopbackStore(served.api());
        servers.add(server);
        GrpcStoreClient client = server.client();
        return new StoreClient(name, client, client.info());
    }

    private static Labels series(int i) {
        return Labels.of("__name__", "s", "i", String.format("%06d", i));
    }

    @Test
    void aRemoteStoreThatSendsNothingWithinTheResponseTimeoutBecomesAWarningAndIsCancelled() throws Exception {
        AtomicReference<Throwable> slowEnded = new AtomicReference<>();
        CountDownLatch slowDone = new CountDownLatch(1);
        StoreClient slow = remote("slow", (r, o) -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the proxy gave up on this store meanwhile: handing on more must fail here
            for (int i = 0; i < 1_000; i++) {
                o.onSeries(StoreSeries.labelsOnly(series(2 * i)));
            }
        }, slowEnded, slowDone);
        StoreClient fast = remote("fast", (r, o) -> o.onSeries(StoreSeries.labelsOnly(series(1))),
                new AtomicReference<>(), new CountDownLatch(1));
        List<StoreClient> clients = List.of(slow, fast);
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ofMillis(200));
        List<String> warnings = new ArrayList<>();
        List<StoreSeries> got =
                ProxyStoreTest.collect(proxy, SeriesRequest.of(0, 10, Matcher.equal("__name__", "s")), warnings);
        assertThat(got).extracting(StoreSeries::labels).containsExactly(series(1));
        assertThat(warnings).singleElement().asString().contains("slow")
                .contains("failed to receive any data in 200ms");
        assertThat(slowDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(slowEnded.get()).as("the remote call was cancelled").isNotNull();

        assertThatThrownBy(() -> ProxyStoreTest.collect(proxy, SeriesRequest.of(0, 10, Matcher.equal("__name__", "s"))
                .withPartialResponseStrategy(PartialResponseStrategy.ABORT), new ArrayList<>()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(StoreException.Code.ABORTED))
                .hasMessageContaining("failed to receive any data");
    }

    @Test
    void aSlowReaderHoldsARemoteStoreBackAndAnEarlyEndCancelsIt() throws Exception {
        int total = 200_000;
        AtomicInteger produced = new AtomicInteger();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        StoreClient many = remote("many", (r, o) -> {
            for (int i = 0; i < total; i++) {
                o.onSeries(StoreSeries.labelsOnly(series(i)));
                produced.incrementAndGet();
            }
        }, ended, done);
        List<StoreClient> clients = List.of(many);
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        AtomicInteger consumed = new AtomicInteger();
        proxy.series(SeriesRequest.of(0, 10, Matcher.equal("__name__", "s")).withLimit(100), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                if (consumed.incrementAndGet() == 1) {
                    try {
                        Thread.sleep(1_000); // the store runs ahead as far as flow control lets it
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }

            @Override
            public void onWarning(String w) {
            }
        });
        assertThat(consumed.get()).isEqualTo(100);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the remote call ended after the limit").isTrue();
        assertThat(ended.get()).as("the remote call was cancelled, not run to its end").isNotNull();
        // flow control lets it run ahead by the HTTP/2 window (about 1 MiB, some 30,000 of these series) and a few responses
        assertThat(produced.get()).isLessThan(total / 2);
    }
}
