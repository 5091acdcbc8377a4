package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.cmd.store.FsBlocks;
import io.jthanos.cmd.store.StoreComponent;
import io.jthanos.model.Matcher;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.cache.MemcachedServer;
import io.jthanos.store.grpc.GrpcStoreClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code thanos store} with kube-thanos's memcached flags, against a real memcached. */
@Timeout(60)
class StoreMemcachedFlagsTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @TempDir Path tmp;

    @Test
    void theIndexCacheAndTheCachingBucketFillMemcached() throws Exception {
        Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
        FsBlocks.write(bucketDir, 20, 0, 7_200_000, Map.of("cluster", "eu"));
        try (MemcachedServer memcached = MemcachedServer.start()) {
            String config = "config:\n  addresses: [\"dns+" + memcached.address() + "\"]\n  timeout: 2s\n"
                    + "  max_item_size: 1MiB\n  dns_provider_update_interval: 10s\ntype: memcached\n";
            StoreCommand command = new StoreCommand();
            new CommandLine(command).parseArgs("--objstore.config=type: FILESYSTEM\nconfig:\n  directory: " + bucketDir,
                    "--data-dir=" + tmp.resolve("data"), "--index-cache.config=" + config,
                    "--store.caching-bucket.config=" + config + "chunk_subrange_size: 16000\nblocks_iter_ttl: 5m\n");
            Duration grace = Duration.ofSeconds(1);
            try (ComponentRunner runner = new ComponentRunner(new StoreComponent(command.settings()),
                    new ServerSettings(ANY, grace, ANY, grace, Duration.ofMinutes(60)), new BuildInfo("1", "b", "r", "25"))) {
                runner.start();
                SignalActor signals = new SignalActor();
                runner.runGroup().add("signal", signals, signals);
                Thread serving = Thread.ofVirtual().start(() -> {
                    try {
                        runner.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!runner.prober().isReady() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(runner.prober().isReady()).isTrue();
                InetSocketAddress g = runner.grpcAddress();
                ManagedChannel channel = NettyChannelBuilder.forAddress(g.getHostString(), g.getPort()).usePlaintext().build();
                String metrics;
                try {
                    GrpcStoreClient client = new GrpcStoreClient(channel, "store");
                    SeriesRequest r = SeriesRequest.of(0, 7_200_000, Matcher.equal("__name__", "up"));
                    assertThat(count(client, r)).isEqualTo(20);
                    // the writes are asynchronous: query until the index cache answers from memcached
                    do {
                        Thread.sleep(50);
                        assertThat(count(client, r)).isEqualTo(20);
                        metrics = scrape(runner);
                    } while (!metrics.matches("(?s).*thanos_store_index_cache_hits_total\\{item_type=\"Series\"} [1-9].*")
                            && System.nanoTime() < deadline);
                } finally {
                    channel.shutdownNow();
                }
                assertThat(metrics)
                        .containsPattern("thanos_store_index_cache_hits_total\\{item_type=\"Series\"} [1-9]")
                        .containsPattern("thanos_memcached_operations_total\\{name=\"index-cache\",operation=\"set\"} [1-9]")
                        .containsPattern("thanos_memcached_operations_total\\{name=\"caching-bucket\",operation=\"set\"} [1-9]")
                        .containsPattern("thanos_memcached_dns_provider_results\\{addr=\"dns\\+127.0.0.1:\\d+\",name=\"index-cache\"} 1");
                signals.signal("SIGTERM");
                serving.join(10_000);
                assertThat(serving.isAlive()).isFalse();
            }
        }
    }

    private static int count(GrpcStoreClient client, SeriesRequest r) {
        AtomicInteger n = new AtomicInteger();
        client.series(r, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                n.incrementAndGet();
            }

            @Override
            public void onWarning(String w) {}
        });
        return n.get();
    }

    private static String scrape(ComponentRunner runner) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runner.httpAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
