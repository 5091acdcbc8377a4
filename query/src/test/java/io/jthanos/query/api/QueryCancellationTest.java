package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.testing.LoopbackStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupting the thread that runs a query (what the HTTP transport does when the client goes away)
 * cancels the query down to its StoreAPI streams: the remote store, behind real gRPC on loopback, sees its
 * stream cancelled.
 */
@Timeout(60)
class QueryCancellationTest {

    /** Streams one series after another, slowly, until sending fails; records how it failed. */
    static final class EndlessStore implements StoreApi {
        final CountDownLatch streaming = new CountDownLatch(1);
        final CompletableFuture<Throwable> stopped = new CompletableFuture<>();

        @Override
        public StoreInfo info() {
            return new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, ComponentType.STORE, true);
        }

        @Override
        public void series(SeriesRequest request, SeriesObserver observer) {
            try {
                for (int i = 0; i < 100_000; i++) {
                    observer.onSeries(new StoreSeries(Labels.of("__name__", "up", "i", String.format("%06d", i)), List.of()));
                    streaming.countDown();
                    Thread.sleep(10);
                }
                stopped.complete(null);
            } catch (InterruptedException e) {
                stopped.complete(e);
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                stopped.complete(e);
                throw e;
            }
        }

        @Override
        public LabelQueryResult labelNames(LabelNamesRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LabelQueryResult labelValues(LabelValuesRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void interruptingTheQueryCancelsTheStoreApiStream() throws Exception {
        EndlessStore endless = new EndlessStore();
        try (LoopbackStore server = new LoopbackStore(endless)) {
            GrpcStoreClient client = server.client();
            List<StoreClient> clients = List.of(new StoreClient(server.address(), client, client.info()));
            ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
            PrometheusApi api = new PrometheusApi(new ApiSettings(o -> new StoreQueryable(proxy, XorChunkDecoder.INSTANCE, o),
                    EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false, Clock.systemUTC()),
                    new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()), List::of, 1,
                    new SimpleMeterRegistry());
            CompletableFuture<ApiResponse> response = new CompletableFuture<>();
            Thread query = Thread.ofVirtual().start(() -> response.complete(api.handle("/query",
                    ApiRequest.get(Map.of("query", List.of("up"), "time", List.of("1700000000"))))));

            assertThat(endless.streaming.await(30, TimeUnit.SECONDS)).as("store started streaming").isTrue();
            query.interrupt();

            Throwable serverSide = endless.stopped.get(30, TimeUnit.SECONDS);
            assertThat(serverSide).as("the store's stream ended by cancellation, not by running out").isNotNull();
            assertThat(serverSide.getMessage()).contains("client cancelled the series call");
            ApiResponse r = response.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(499);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"errorType\":\"canceled\"");
        }
    }
}
