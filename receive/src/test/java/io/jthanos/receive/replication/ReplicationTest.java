package io.jthanos.receive.replication;

import static io.jthanos.receive.testing.Series.body;
import static io.jthanos.receive.testing.Series.labels;
import static io.jthanos.receive.testing.Series.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.hashring.Endpoint;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.hashring.HashringsWatcher;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.tsdb.ErrorKind;
import io.jthanos.receive.testing.StoreContents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationTest {
    @TempDir Path dir;
    private final List<ReceiveNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ReceiveNode n : nodes) {
            n.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startRing(int count, int rf, String algorithm) throws Exception {
        startRing(count, rf, algorithm, "none");
    }

    private void startRing(int count, int rf, String algorithm, String compression) throws Exception {
        AtomicReference<Hashrings> rings = new AtomicReference<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ReceiveNode n = new ReceiveNode(dir.resolve("r" + i), i, rings, rf, freePort(), compression);
            nodes.add(n);
            addresses.add("\"" + n.address + "\"");
        }
        rings.set(HashringsWatcher.build("[{\"endpoints\":" + addresses + ",\"algorithm\":\"" + algorithm + "\"}]",
                io.jthanos.receive.hashring.HashringAlgorithm.HASHMOD, rf));
        for (ReceiveNode n : nodes) {
            n.start();
        }
    }

    private static byte[] tenSeries(long t) {
        TimeSeries[] s = new TimeSeries[10];
        for (int i = 0; i < 10; i++) {
            s[i] = of(labels("__name__", "up", "instance", "host-" + i), t, i);
        }
        return body(s);
    }

    private Map<String, List<String>> stored(ReceiveNode n) throws Exception {
        return StoreContents.read(n.storage.tenant("default-tenant").store());
    }

    @Test
    void rf3WritesEverySeriesToAllThreeNodes() throws Exception {
        startRing(3, 3, "ketama");
        RemoteWriteHttpResponse r = nodes.get(0).post(tenSeries(1000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Thread.sleep(500); // the answer comes at the quorum; the forward beyond it lands just after
        for (ReceiveNode n : nodes) {
            assertThat(stored(n)).hasSize(10);
        }
        assertThat(nodes.get(0).counter("thanos_receive_replications_total", "success")).isGreaterThan(0);
    }

    @Test
    void forwardsAreSnappyCompressedWhenConfigured() throws Exception {
        startRing(3, 3, "ketama", "snappy");
        RemoteWriteHttpResponse r = nodes.get(0).post(tenSeries(1000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Thread.sleep(500); // the forward beyond the quorum
        for (ReceiveNode n : nodes) {
            assertThat(stored(n)).hasSize(10);
        }
        assertThat(nodes.get(1).receivedEncodings).isNotEmpty().containsOnly("snappy");
        assertThat(nodes.get(2).receivedEncodings).isNotEmpty().containsOnly("snappy");
    }

    @Test
    void forwardsAreUncompressedWithNone() throws Exception {
        startRing(3, 3, "ketama", "none");
        assertThat(nodes.get(0).post(tenSeries(1000)).status()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(nodes.get(1).receivedEncodings).isNotEmpty().containsOnly("identity");
    }

    @Test
    void snappyCodecWritesTheFramingFormat() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] payload = "hello hello hello hello".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.io.OutputStream os = SnappyGrpcCodec.INSTANCE.compress(bytes)) {
            os.write(payload);
        }
        byte[] framed = bytes.toByteArray();
        // stream identifier chunk: type 0xff, length 6, "sNaPpY" (what Go's snappy.NewReader expects first)
        assertThat(java.util.Arrays.copyOf(framed, 10)).isEqualTo(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'});
        assertThat(framed.length).isLessThan(payload.length / 4);
        try (java.io.InputStream in = SnappyGrpcCodec.INSTANCE.decompress(new java.io.ByteArrayInputStream(framed))) {
            assertThat(in.readAllBytes()).isEqualTo(payload);
        }
    }

    @Test
    void oneNodeDownStillReachesQuorumTwoDownIs503() throws Exception {
        startRing(3, 3, "hashmod");
        nodes.get(2).stop();
        RemoteWriteHttpResponse r = nodes.get(0).post(tenSeries(1000));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(stored(nodes.get(0))).hasSize(10);
        assertThat(stored(nodes.get(1))).hasSize(10);

        nodes.get(1).stop();
        long start = System.nanoTime();
        RemoteWriteHttpResponse down = nodes.get(0).post(tenSeries(2000));
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        assertThat(down.body()).contains("forwarding request to endpoint");
        // retried with backoff until the 3 s forward deadline, not beyond
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(6));
    }

    @Test
    void conflictsAre409AndNotRetried() throws Exception {
        startRing(3, 3, "hashmod");
        assertThat(nodes.get(0).post(tenSeries(5000)).status()).isEqualTo(200);
        Thread.sleep(1000); // forwards beyond the quorum finish in the background
        double forwardsPerRequest = nodes.get(0).counter("thanos_receive_forward_requests_total", "success");
        assertThat(forwardsPerRequest).isGreaterThanOrEqualTo(2);
        double errorsBefore = nodes.get(0).counter("thanos_receive_forward_requests_total", "error");
        RemoteWriteHttpResponse r = nodes.get(0).post(tenSeries(4000));
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("out of order sample");
        // each forward failed once and was not retried (the answer may come before the last forward ends)
        Thread.sleep(1000);
        assertThat(nodes.get(0).counter("thanos_receive_forward_requests_total", "error") - errorsBefore)
                .isEqualTo(forwardsPerRequest);
    }

    @Test
    void invalidLabelsAreConflictsOnEveryReplicaAndTheValidSeriesReachQuorum() throws Exception {
        startRing(3, 3, "hashmod");
        RemoteWriteHttpResponse r = nodes.get(0).post(body(
                of(labels("__name__", "up", "b", "1", "a", "2"), 1000, 1),
                of(labels("__name__", "up", "instance", "ok"), 1000, 2)));
        // rejected by the local writer and, over gRPC, by both peers (ALREADY_EXISTS): a conflict, 409
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("out of order labels: {__name__=\"up\", b=\"1\", a=\"2\"}");
        Thread.sleep(500); // the forward beyond the quorum
        for (ReceiveNode n : nodes) {
            assertThat(stored(n)).containsOnlyKeys("{__name__=\"up\", instance=\"ok\", receive_replica=\""
                    + nodes.indexOf(n) + "\", tenant_id=\"default-tenant\"}");
        }
    }

    @Test
    void replicaBeyondTheReplicationFactorIsRejected() throws Exception {
        startRing(3, 3, "hashmod");
        RouteResult r = nodes.get(0).router.write("t", 4, List.of(of(labels("__name__", "a"), 1, 1)));
        assertThat(r.cause()).isEqualTo(ErrorKind.INVALID);
        assertThat(r.message()).isEqualTo("request replica exceeds receiver replication factor");
    }

    @Test
    void quorumIsThanosWriteQuorum() {
        assertThat(WriteRouter.writeQuorum(1)).isEqualTo(1);
        assertThat(WriteRouter.writeQuorum(2)).isEqualTo(1);
        assertThat(WriteRouter.writeQuorum(3)).isEqualTo(2);
        assertThat(WriteRouter.writeQuorum(4)).isEqualTo(3);
        assertThat(WriteRouter.writeQuorum(5)).isEqualTo(3);
    }

    @Test
    void transientPeerFailuresAreRetriedWithinTheDeadline() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        PeerClient flaky = new PeerClient() {
            @Override
            public void write(Endpoint endpoint, String tenant, long replica, List<TimeSeries> series, long deadline)
                    throws PeerWriteException {
                if (attempts.incrementAndGet() <= 2) {
                    throw new PeerWriteException(ErrorKind.UNAVAILABLE, "connection refused", null);
                }
            }

            @Override
            public void close() {}
        };
        Hashrings rings = HashringsWatcher.build("[{\"endpoints\":[\"peer:1\"]}]",
                io.jthanos.receive.hashring.HashringAlgorithm.HASHMOD, 1);
        try (WriteRouter router = new WriteRouter(() -> rings, "", 1, ReceiverMode.ROUTER_ONLY, null, flaky,
                Duration.ofSeconds(5), Duration.ofMillis(100), new ReceiveMetrics(new SimpleMeterRegistry()))) {
            RouteResult r = router.write("t", 0, List.of(of(labels("__name__", "a"), 1, 1)));
            assertThat(r.ok()).as(r.message()).isTrue();
            assertThat(attempts).hasValue(3);
        }
    }

    @Test
    void closeLetsForwardsStillRunningAfterQuorumFinish() throws Exception {
        java.util.Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PeerClient peers = new PeerClient() {
            @Override
            public void write(Endpoint endpoint, String tenant, long replica, List<TimeSeries> series, long deadline)
                    throws PeerWriteException {
                if (endpoint.address().equals("slow:1")) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        throw new PeerWriteException(ErrorKind.UNAVAILABLE, "interrupted while writing", e);
                    }
                }
                written.add(endpoint.address());
            }

            @Override
            public void close() {}
        };
        Hashrings rings = HashringsWatcher.build("[{\"endpoints\":[\"a:1\", \"b:1\", \"slow:1\"]}]",
                io.jthanos.receive.hashring.HashringAlgorithm.HASHMOD, 3);
        WriteRouter router = new WriteRouter(() -> rings, "", 3, ReceiverMode.ROUTER_ONLY, null, peers,
                Duration.ofSeconds(5), Duration.ofMillis(100), new ReceiveMetrics(new SimpleMeterRegistry()));
        RouteResult r = router.write("t", 0, List.of(of(labels("__name__", "a"), 1, 1)));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(written).as("answered once the quorum of two was written").doesNotContain("slow:1");
        router.close();
        assertThat(written).as("every replica written after a graceful close").containsExactlyInAnyOrder("a:1", "b:1", "slow:1");
    }
}
