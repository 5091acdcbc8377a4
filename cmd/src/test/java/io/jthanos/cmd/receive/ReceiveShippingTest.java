package io.jthanos.cmd.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import io.jthanos.objstore.IterOption;
import io.jthanos.objstore.testing.S3ProxyServer;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * {@code thanos receive} with {@code --objstore.config}: remote-written samples are cut into (short)
 * blocks and shipped to S3 with the external and tenant labels; stopping flushes the heads into blocks
 * and ships them too, so every sample is in the bucket; the state file records them.
 */
@Timeout(120)
class ReceiveShippingTest {
    @TempDir Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void receivedSamplesAreShippedWithExternalAndTenantLabels() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start();
                Bucket bucket = BucketFactory.fromConfig(s3.objstoreYaml(), "test", new SimpleMeterRegistry())) {
            int rwPort = freePort();
            ReceiveSettings settings = new ReceiveSettings(new InetSocketAddress("127.0.0.1", rwPort), dir.resolve("data"),
                    Map.of("receive_replica", "0"), Duration.ofSeconds(2), Duration.ofDays(15), null, null, "hashmod",
                    Duration.ofMinutes(5), null, 1, "THANOS-TENANT", "default-tenant", "tenant_id", "THANOS-REPLICA", null,
                    Duration.ofSeconds(5), Duration.ofSeconds(1), s3.objstoreYaml(), "test", "snappy",
                    DurabilityMode.BATCHED_INTERVAL);
            ServerSettings servers = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), Duration.ZERO,
                    new InetSocketAddress("127.0.0.1", 0), Duration.ZERO, Duration.ZERO);
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<Throwable> result = new AtomicReference<>();
            Thread runThread;
            try (ComponentRunner runner = new ComponentRunner(new ReceiveComponent(settings), servers,
                    new BuildInfo("0", "b", "r", "25"))) {
                runner.start();
                runner.runGroup().add("test", stop::await, cause -> stop.countDown());
                runThread = Thread.ofPlatform().start(() -> {
                    try {
                        result.set(runner.run());
                    } catch (InterruptedException e) {
                        result.set(e);
                    }
                });
                try {
                    HttpClient http = HttpClient.newHttpClient();
                    URI uri = URI.create("http://127.0.0.1:" + rwPort + "/api/v1/receive");
                    // 12 s of samples for two tenants: 2 s blocks are cut while the head spans more than 3 s
                    for (String tenant : List.of("team-a", "team-b")) {
                        for (long t = 0; t < 12_000; t += 500) {
                            WriteRequest req = WriteRequest.newBuilder().addTimeseries(TimeSeries.newBuilder()
                                    .addLabels(Label.newBuilder().setName("__name__").setValue("up"))
                                    .addLabels(Label.newBuilder().setName("job").setValue("x"))
                                    .addSamples(Sample.newBuilder().setTimestamp(t).setValue(t))).build();
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                                    .header("X-Prometheus-Remote-Write-Version", "0.1.0").header("THANOS-TENANT", tenant)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(req.toByteArray()))).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        }
                    }
                    // Thanos's TSDB status on the remote-write port, per tenant
                    HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + rwPort + "/api/v1/status/tsdb?all_tenants=true")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(status.statusCode()).isEqualTo(200);
                    assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
                    assertThat(status.body()).startsWith("{\"status\":\"success\",\"data\":[{\"tenant\":\"team-a\",")
                            .contains("{\"tenant\":\"team-b\",").contains("\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":1}]");
                    // blocks [0,2) … [8,10) of both tenants (the head keeps [10, 12)) appear in the bucket
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (metas(bucket).size() < 10) {
                        assertThat(System.nanoTime()).as("blocks shipped: " + metas(bucket)).isLessThan(deadline);
                        Thread.sleep(200);
                    }
                } finally {
                    stop.countDown();
                    runThread.join(30_000);
                }
            }
            assertThat(result.get()).isNull();
            // stopping flushed each head ([10 s, 11.5 s]) into a last, short block and shipped it
            List<String> metas = metas(bucket);
            assertThat(metas).hasSize(12);
            Map<String, Long> samplesPerTenant = new java.util.TreeMap<>();
            Map<String, Long> maxTimePerTenant = new java.util.TreeMap<>();
            for (String name : metas) {
                BlockMeta m;
                try (InputStream in = bucket.get(name)) {
                    m = BlockMetaJson.parse(in.readAllBytes(), name);
                }
                assertThat(m.thanos().source()).isEqualTo("receive");
                assertThat(m.thanos().labels()).containsEntry("receive_replica", "0").containsKey("tenant_id").hasSize(2);
                assertThat(m.maxTime() - m.minTime()).isLessThanOrEqualTo(2_000);
                samplesPerTenant.merge(m.thanos().labels().get("tenant_id"), m.stats().numSamples(), Long::sum);
                maxTimePerTenant.merge(m.thanos().labels().get("tenant_id"), m.maxTime(), Math::max);
            }
            assertThat(samplesPerTenant).isEqualTo(Map.of("team-a", 24L, "team-b", 24L));
            assertThat(maxTimePerTenant).isEqualTo(Map.of("team-a", 11_501L, "team-b", 11_501L));
            for (String tenant : List.of("team-a", "team-b")) {
                String state = Files.readString(dir.resolve("data").resolve(tenant).resolve("thanos.shipper.json"));
                assertThat(state).startsWith("{\n\t\"version\": 1,\n\t\"uploaded\": [");
                assertThat(state.split("\"01").length - 1).isEqualTo(6);
            }
        }
    }

    private static List<String> metas(Bucket bucket) throws Exception {
        return bucket.list("", IterOption.RECURSIVE).stream().filter(n -> n.endsWith("/meta.json")).toList();
    }
}
