package io.jthanos.cmd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.BucketStoreConfig;
import io.jthanos.store.gateway.StoreCaches;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.tsdb.block.BlockMeta;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code thanos store} end to end: FILESYSTEM bucket, real HTTP and gRPC servers on loopback ports. */
@Timeout(60)
class StoreComponentTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
    @TempDir Path tmp;

    private StoreSettings settings(Path bucketDir, List<RelabelConfig> selector) {
        BucketStoreConfig config = BucketStoreConfig.defaults(tmp.resolve("data"));
        return new StoreSettings("type: FILESYSTEM\nconfig:\n  directory: " + bucketDir + "\n",
                config, StoreCaches.inMemory(config), Duration.ofMillis(200), 4, Duration.ZERO,
                Duration.ofHours(24), selector, io.jthanos.store.gateway.fetch.BlockMetaFetcher.Discovery.CONCURRENT);
    }

    @Test
    void servesTheBucketOverGrpcBecomesReadyAfterTheFirstSyncAndPicksUpNewBlocks() throws Exception {
        Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
        FsBlocks.write(bucketDir, 5, 0, 7_200_000, Map.of("cluster", "eu"));
        // a second shard's block, excluded by the selector
        FsBlocks.write(bucketDir, 5, 0, 7_200_000, Map.of("cluster", "us"));
        List<RelabelConfig> selector = RelabelConfig.parseList("- action: keep\n  source_labels: [cluster]\n  regex: eu\n", "t");
        StoreComponent component = new StoreComponent(settings(bucketDir, selector));
        Duration grace = Duration.ofSeconds(1);
        try (ComponentRunner runner = new ComponentRunner(component,
                new ServerSettings(ANY, grace, ANY, grace, Duration.ofMinutes(60)), new BuildInfo("1", "b", "r", "25"))) {
            runner.start();
            SignalActor signals = new SignalActor();
            runner.runGroup().add("signal", signals, signals);
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    result.complete(runner.run());
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            t.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!runner.prober().isReady() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(runner.prober().isReady()).isTrue();
            InetSocketAddress g = runner.grpcAddress();
            ManagedChannel channel = NettyChannelBuilder.forAddress(g.getHostString(), g.getPort()).usePlaintext().build();
            try {
                GrpcStoreClient client = new GrpcStoreClient(channel, "store");
                StoreInfo info = client.info();
                assertThat(info.labelSets()).containsExactly(Labels.of("cluster", "eu"));
                assertThat(info.maxTime()).isEqualTo(7_200_000); // the block's exclusive maxTime, as Thanos announces it
                assertThat(series(client, SeriesRequest.of(0, 7_200_000, Matcher.equal("__name__", "up")))).hasSize(5);

                BlockMeta later = FsBlocks.write(bucketDir, 3, 7_200_000, 14_400_000, Map.of("cluster", "eu"));
                while (component.store().block(later.ulid()) == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                List<StoreSeries> all = series(client, SeriesRequest.of(0, 14_400_000, Matcher.equal("__name__", "up")));
                assertThat(all).hasSize(5);
                assertThat(all.get(0).chunks()).hasSize(2);
            } finally {
                channel.shutdownNow();
            }
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runner.httpAddress().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("thanos_bucket_store_blocks_loaded 2.0")
                    .contains("thanos_bucket_store_series_data_touched")
                    .contains("thanos_store_index_cache_hits_total{item_type=\"Postings\"}")
                    .contains("thanos_blocks_meta_synced{state=\"label-excluded\"} 1.0")
                    .contains("thanos_blocks_meta_syncs_total")
                    .containsPattern("thanos_objstore_bucket_operations_total\\{[^}]*operation=\"get_range\"[^}]*\\} [1-9]");
            signals.signal("SIGTERM");
            assertThat(result.get(20, java.util.concurrent.TimeUnit.SECONDS)).isNull();
            assertThat(component.store().blockIds()).isEmpty();
        }
    }

    private static List<StoreSeries> series(GrpcStoreClient client, SeriesRequest r) {
        List<StoreSeries> out = new ArrayList<>();
        client.series(r, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                out.add(s);
            }

            @Override
            public void onWarning(String w) {}
        });
        return out;
    }
}
