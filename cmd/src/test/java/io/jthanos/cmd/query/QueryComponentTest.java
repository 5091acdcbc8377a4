package io.jthanos.cmd.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.grpc.InfoGrpcService;
import io.jthanos.store.grpc.StoreGrpcService;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code thanos query} with real HTTP and gRPC on loopback. */
@Timeout(60)
class QueryComponentTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    /** A StoreAPI that streams series slowly without end; records how its stream stopped. */
    static final class SlowStore implements StoreApi {
        final CountDownLatch streaming = new CountDownLatch(1);
        final CompletableFuture<Throwable> stopped = new CompletableFuture<>();

        @Override
        public StoreInfo info() {
            return new StoreInfo(List.of(Labels.of("replica", "a")), Long.MIN_VALUE, Long.MAX_VALUE,
                    ComponentType.STORE, true);
        }

        @Override
        public void series(SeriesRequest request, SeriesObserver observer) {
            try {
                for (int i = 0; i < 100_000; i++) {
                    observer.onSeries(new StoreSeries(Labels.of("__name__", "up", "i", String.format("%06d", i),
                            "replica", "a"), List.of()));
                    streaming.countDown();
                    Thread.sleep(10);
                }
                stopped.complete(null);
            } catch (InterruptedException e) {
                stopped.complete(e);
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

    private static QuerySettings settings(String endpoint) {
        return new QuerySettings(List.of(endpoint), List.of(), null, null, List.of(), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ZERO, Labels.empty(), EngineOptions.DEFAULT,
                QueryOptions.defaults(List.of()), false, 20, 4, "",
                new StatusInfo("0.1.0", "", "", "", "", "25", Map.of(), Instant.now()));
    }

    @Test
    void clientThatDisconnectsCancelsTheQueryDownToTheStoreApiStream() throws Exception {
        SlowStore slow = new SlowStore();
        Server store = NettyServerBuilder.forAddress(ANY).addService(new StoreGrpcService(slow))
                .addService(new InfoGrpcService(slow)).build().start();
        Duration grace = Duration.ofSeconds(1);
        try (ComponentRunner runner = new ComponentRunner(new QueryComponent(settings("127.0.0.1:" + store.getPort())),
                new ServerSettings(ANY, grace, ANY, grace, Duration.ofMinutes(60)), new BuildInfo("1", "b", "r", "25"))) {
            runner.start();
            SignalActor signals = new SignalActor();
            runner.runGroup().add("signal", signals, signals);
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    result.complete(runner.run());
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            String base = "http://127.0.0.1:" + runner.httpAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!get(http, base + "/api/v1/stores").contains("\"store\":[")) {
                assertThat(System.nanoTime()).as("the querier discovered the store").isLessThan(deadline);
                Thread.sleep(20);
            }

            try (Socket client = new Socket("127.0.0.1", runner.httpAddress().getPort())) {
                OutputStream out = client.getOutputStream();
                out.write("GET /api/v1/query?query=up&time=1700000000 HTTP/1.1\r\nHost: q\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(slow.streaming.await(30, TimeUnit.SECONDS)).as("the store started streaming").isTrue();
            }

            Throwable serverSide = slow.stopped.get(30, TimeUnit.SECONDS);
            assertThat(serverSide).as("the stream ended by cancellation, not by running out").isNotNull();
            assertThat(serverSide.getMessage()).contains("client cancelled the series call");
            while (!get(http, base + "/metrics").contains("thanos_query_concurrent_queries 0.0")) {
                assertThat(System.nanoTime()).as("the cancelled query released its slot").isLessThan(deadline + 30_000_000_000L);
                Thread.sleep(20);
            }
            signals.signal("SIGTERM");
            assertThat(result.get(20, TimeUnit.SECONDS)).isNull();
        } finally {
            store.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
