package io.jthanos.receive.replication;

import static io.jthanos.receive.testing.Series.body;
import static io.jthanos.receive.testing.Series.labels;
import static io.jthanos.receive.testing.Series.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.hashring.HashringAlgorithm;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.hashring.HashringsWatcher;
import io.jthanos.receive.testing.StoreContents;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of three receivers (replication factor 3, quorum 2) is killed while a load generator writes
 * through the other two, then restarted on its WAL: every write is acknowledged throughout, every
 * acknowledged sample is on at least two replicas, and the union over the replicas (what a querier
 * deduplicating on {@code receive_replica} returns) holds exactly the acknowledged samples. The
 * restarted node still holds what it held before. (A replica beyond the quorum is best effort, as in
 * Thanos: a forward overtaken by a newer one is refused as out of order there, so a single replica need
 * not hold every sample.)
 */
class NodeFailureUnderLoadTest {
    private static final int SERIES = 20;

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

    @Test
    void writesKeepSucceedingWithOneOfThreeDownAndQueriesAreCompleteAfterItsRestart() throws Exception {
        AtomicReference<Hashrings> rings = new AtomicReference<>();
        List<String> addresses = new ArrayList<>();
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            ReceiveNode n = new ReceiveNode(dir.resolve("r" + i), i, rings, 3, ports[i]);
            nodes.add(n);
            addresses.add("\"" + n.address + "\"");
        }
        rings.set(HashringsWatcher.build("[{\"endpoints\":" + addresses + "}]", HashringAlgorithm.HASHMOD, 3));
        for (ReceiveNode n : nodes) {
            n.start();
        }

        Set<String> acked = new TreeSet<>();
        Set<String> beforeKill = new HashSet<>();
        int failed = 0;
        long t = 1_000;
        // phase 1: all up; phase 2: node 2 killed (server and storage gone); phase 3: node 2 back on its WAL
        for (int phase = 1; phase <= 3; phase++) {
            if (phase == 2) {
                Thread.sleep(1500); // let the forwards beyond the quorum land
                beforeKill.addAll(samples(nodes.get(2)));
                nodes.get(2).close();
            } else if (phase == 3) {
                nodes.set(2, new ReceiveNode(dir.resolve("r2"), 2, rings, 3, ports[2]));
                nodes.get(2).start();
            }
            for (int req = 0; req < 60; req++, t += 1_000) {
                RemoteWriteHttpResponse r = nodes.get(req % 2).post(request(t)); // node 2 is never the entry point
                if (r.status() / 100 == 2) {
                    for (int s = 0; s < SERIES; s++) {
                        acked.add(seriesName(s) + "@" + t + "=" + value(s, t));
                    }
                } else {
                    failed++;
                }
            }
        }
        assertThat(failed).as("requests refused while one of three replicas was down").isZero();
        assertThat(acked).hasSize(3 * 60 * SERIES);

        Thread.sleep(1500); // forwards beyond the quorum finish in the background
        List<Set<String>> perNode = new ArrayList<>();
        for (ReceiveNode n : nodes) {
            perNode.add(samples(n));
        }
        Set<String> union = new TreeSet<>();
        perNode.forEach(union::addAll);
        assertThat(union).as("deduplicated over the replicas").isEqualTo(acked);
        for (String sample : acked) {
            int copies = 0;
            for (Set<String> s : perNode) {
                copies += s.contains(sample) ? 1 : 0;
            }
            assertThat(copies).as("replicas holding %s", sample).isGreaterThanOrEqualTo(2);
        }
        // the restarted node kept all it had before the kill (WAL replay) and takes writes again
        assertThat(perNode.get(2)).containsAll(beforeKill);
        long last = t - 1_000;
        for (int s = 0; s < SERIES; s++) {
            assertThat(perNode.get(2)).contains(seriesName(s) + "@" + last + "=" + value(s, last));
        }
    }

    private static String seriesName(int s) {
        return "{__name__=\"load\", instance=\"host-" + s + "\"}";
    }

    private static double value(int s, long t) {
        return t / 1000.0 * 100 + s;
    }

    private static byte[] request(long t) {
        TimeSeries[] ts = new TimeSeries[SERIES];
        for (int s = 0; s < SERIES; s++) {
            ts[s] = of(labels("__name__", "load", "instance", "host-" + s), t, value(s, t));
        }
        return body(ts);
    }

    private static Set<String> samples(ReceiveNode n) throws Exception {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, List<String>> e : StoreContents.read(n.storage.tenant("default-tenant").store()).entrySet()) {
            // the StoreAPI adds the external labels; keep the series' own labels
            String series = e.getKey().replaceAll(", receive_replica=\"\\d\"", "").replaceAll(", tenant_id=\"[^\"]*\"", "");
            for (String sample : e.getValue()) {
                out.add(series + "@" + sample);
            }
        }
        return out;
    }
}
