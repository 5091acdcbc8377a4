package io.jthanos.receive.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import org.xerial.snappy.Snappy;
import io.jthanos.receive.handler.RemoteWriteHttpRequest;
import io.jthanos.receive.handler.RemoteWriteHttpResponse;
import io.jthanos.receive.hashring.HashringAlgorithm;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.hashring.HashringsWatcher;
import io.jthanos.receive.testing.StoreContents;
import io.jthanos.testing.Oracles;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus 3.5 in agent mode scrapes itself and remote-writes into a 3-node receive hashring
 * with replication factor 3 (in-process receivers, loopback gRPC between them); the samples it reports as
 * sent arrive on every replica. Once scraping stops and the agent's queue is drained, the number of
 * samples it reports as sent equals the samples in the requests we acknowledged, and those are exactly
 * (series, timestamp, value) the samples stored over the three replicas deduplicated on
 * {@code receive_replica}.
 */
class PrometheusAgentTest {
    @TempDir Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void agentRemoteWritesIntoAReplicatedHashring() throws Exception {
        Path prometheus = Oracles.prometheus();
        AtomicReference<Hashrings> rings = new AtomicReference<>();
        List<ReceiveNode> nodes = new ArrayList<>();
        HttpServer front = null;
        Process agent = null;
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ReceiveNode n = new ReceiveNode(dir.resolve("r" + i), i, rings, 3, freePort());
                nodes.add(n);
                addresses.add("\"" + n.address + "\"");
            }
            rings.set(HashringsWatcher.build("[{\"endpoints\":" + addresses + "}]", HashringAlgorithm.KETAMA, 3));
            for (ReceiveNode n : nodes) {
                n.start();
            }
            front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ReceiveNode entry = nodes.get(0);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicLong ackedCount = new AtomicLong();
            front.createContext("/api/v1/receive", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                RemoteWriteHttpResponse r = entry.handler.handle(
                        new RemoteWriteHttpRequest(exchange.getRequestHeaders()::getFirst, body));
                if (r.status() / 100 == 2) {
                    // per-request accounting: the samples of every acknowledged request
                    for (TimeSeries ts : WriteRequest.parseFrom(Snappy.uncompress(body)).getTimeseriesList()) {
                        Map<String, String> ls = new TreeMap<>();
                        ts.getLabelsList().forEach(l -> ls.put(l.getName(), l.getValue()));
                        String series = Labels.fromMap(ls).toString();
                        for (Sample sample : ts.getSamplesList()) {
                            acked.add(series + "@" + sample.getTimestamp() + "=" + sample.getValue());
                            ackedCount.incrementAndGet();
                        }
                    }
                }
                byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            });
            front.start();

            int webPort = freePort();
            Path config = dir.resolve("prometheus.yml");
            String remoteWrite = """
                    remote_write:
                      - url: http://127.0.0.1:%d/api/v1/receive
                        queue_config:
                          batch_send_deadline: 500ms
                    """.formatted(front.getAddress().getPort());
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: prometheus
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(webPort) + remoteWrite);
            agent = new ProcessBuilder(prometheus.toString(), "--agent", "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + webPort, "--storage.agent.path=" + dir.resolve("agent"),
                    "--storage.remote.flush-deadline=5s", "--web.enable-lifecycle")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + webPort + "/metrics");
            double sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && sent < 2000) {
                Thread.sleep(1000);
                try {
                    String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                    sent = metric(text, "prometheus_remote_storage_samples_total");
                    assertThat(metric(text, "prometheus_remote_storage_samples_failed_total")).isZero();
                } catch (java.io.IOException notYetUp) {
                    // agent still starting
                }
            }
            assertThat(sent).as("samples the agent sent; log in " + dir.resolve("prometheus.log")).isGreaterThanOrEqualTo(2000);

            // stop scraping (the dropped target's series get staleness markers, sent like any sample) and
            // wait until the queue is drained and the agent's counters stand still
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs: []
                    """ + remoteWrite);
            URI base = URI.create("http://127.0.0.1:" + webPort);
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/-/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            double previous = -1;
            int stable = 0;
            String text = "";
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stable < 3) {
                assertThat(System.nanoTime()).as("agent did not settle").isLessThan(deadline);
                Thread.sleep(1000);
                text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                double now = metric(text, "prometheus_remote_storage_samples_total");
                stable = now == previous && metric(text, "prometheus_remote_storage_samples_pending") == 0 ? stable + 1 : 0;
                previous = now;
            }
            // the agent counts every send attempt; with no retries and no failures that is every sample once
            assertThat(metric(text, "prometheus_remote_storage_samples_failed_total")).isZero();
            assertThat(metric(text, "prometheus_remote_storage_samples_retried_total")).isZero();
            double reported = metric(text, "prometheus_remote_storage_samples_total");
            assertThat((double) ackedCount.get()).as("samples acknowledged vs reported sent by the agent").isEqualTo(reported);
            assertThat((long) acked.size()).as("no sample was sent twice").isEqualTo(ackedCount.get());

            Thread.sleep(1500); // forwards beyond the quorum land
            Set<String> deduplicated = new HashSet<>();
            for (ReceiveNode n : nodes) {
                for (Map.Entry<String, List<String>> e : StoreContents.read(n.storage.tenant("default-tenant").store(),
                        Matcher.regex("__name__", ".+")).entrySet()) {
                    String series = e.getKey().replaceAll(", receive_replica=\"\\d\"", "")
                            .replace(", tenant_id=\"default-tenant\"", "");
                    for (String sample : e.getValue()) {
                        deduplicated.add(series + "@" + sample);
                    }
                }
            }
            assertThat(deduplicated).as("stored, deduplicated on receive_replica").hasSameSizeAs(acked);
            assertThat(deduplicated).isEqualTo(acked);

            Matcher up = Matcher.equal("__name__", "up");
            Map<String, List<String>> first = null;
            for (ReceiveNode n : nodes) {
                Map<String, List<String>> ups = StoreContents.read(n.storage.tenant("default-tenant").store(), up);
                assertThat(ups).hasSize(1);
                List<String> samples = ups.values().iterator().next();
                assertThat(samples).hasSizeGreaterThan(3).allMatch(s -> s.endsWith("=1.0"));
                if (first != null) {
                    // every replica got the same series; the newest sample may still be in flight
                    assertThat(ups.keySet().iterator().next().replace("receive_replica=\"" + nodes.indexOf(n) + "\"", ""))
                            .isEqualTo(first.keySet().iterator().next().replace("receive_replica=\"0\"", ""));
                }
                first = first == null ? ups : first;
            }
            long stored = 0;
            for (List<String> s : StoreContents.read(entry.storage.tenant("default-tenant").store(),
                    Matcher.regex("__name__", ".+")).values()) {
                stored += s.size();
            }
            assertThat((double) stored).isGreaterThanOrEqualTo(sent);
        } finally {
            if (agent != null) {
                agent.destroy();
                if (!agent.waitFor(15, TimeUnit.SECONDS)) {
                    agent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (front != null) {
                front.stop(0);
            }
            for (ReceiveNode n : nodes) {
                n.close();
            }
        }
    }

    private static double metric(String text, String name) {
        java.util.regex.Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
