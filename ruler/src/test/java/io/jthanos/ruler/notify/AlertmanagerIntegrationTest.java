package io.jthanos.ruler.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.model.Labels;
import io.jthanos.ruler.eval.AlertingRule;
import io.jthanos.ruler.eval.EvalContext;
import io.jthanos.ruler.eval.EvalSettings;
import io.jthanos.ruler.eval.Group;
import io.jthanos.ruler.eval.Sample;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.testing.Oracles;
import io.jthanos.tsdb.Tsdb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real Alertmanagers 0.33 receive a firing alert from our rule evaluation, then its resolution. */
class AlertmanagerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void firingThenResolved() throws Exception {
        Path binary = Oracles.alertmanager();
        List<String> urls = List.of(startAlertmanager(binary, "am0"), startAlertmanager(binary, "am1"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertNotifier notifier = new AlertNotifier(AlertmanagerConfig.fromUrls(urls, Duration.ofSeconds(10)),
                Labels.of("rule_replica", "r1"), List.of("drop_me"), "http://query.example:9090", registry);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                notifier.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<List<Sample>> result = new AtomicReference<>(
                List.of(new Sample(Labels.of("__name__", "up", "instance", "a", "job", "node", "drop_me", "x"), 0, 0)));
        try (Tsdb db = Tsdb.open(dir.resolve("db"))) {
            EvalSettings settings = new EvalSettings((expr, t, s) -> result.get(), db, db,
                    new EvalContext(Labels.of("rule_replica", "r1"), "http://query.example:9090", null), notifier,
                    Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10),
                    Clock.systemUTC());
            AlertingRule rule = new AlertingRule("InstanceDown", "up == 0", 0, 0, Labels.of("severity", "page"),
                    Map.of("summary", "{{ $labels.instance }} of {{ $labels.job }} down"), true);
            Group group = new Group("rules.yml", "g", 60_000, 0, 0, PartialResponseStrategy.ABORT, List.of(rule));

            group.evaluate(System.currentTimeMillis(), settings, null);
            for (String url : urls) {
                JsonNode alert = await(url, alerts -> alerts.size() == 1).get(0);
                assertThat(JSON.convertValue(alert.path("labels"), Map.class)).isEqualTo(Map.of("alertname", "InstanceDown",
                        "instance", "a", "job", "node", "severity", "page", "rule_replica", "r1"));
                assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("a of node down");
                assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
                assertThat(alert.path("generatorURL").asText())
                        .isEqualTo("http://query.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
            }

            // The firing alert was valid for 4 minutes: only a delivered resolution removes it within seconds.
            result.set(List.of());
            group.evaluate(System.currentTimeMillis(), settings, null);
            for (String url : urls) {
                await(url, List::isEmpty);
            }
            assertThat(registry.get("thanos_alert_sender_alerts_sent_total").counters())
                    .hasSize(2).allSatisfy(c -> assertThat(c.count()).isEqualTo(2));
        } finally {
            notifier.close();
            sender.join(10_000);
        }
    }

    private List<JsonNode> await(String url, Predicate<List<JsonNode>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<JsonNode> last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = new ArrayList<>();
            for (JsonNode n : JSON.readTree(r.body())) {
                last.add(n);
            }
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager " + url + " never reached the expected alerts; last: " + last);
    }

    private String startAlertmanager(Path binary, String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path config = home.resolve("am.yml");
        Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path runnable = io.jthanos.ruler.testing.AlertmanagerBinary.prepare(binary, home);
        Process p = new ProcessBuilder(runnable.toString(), "--config.file=" + config, "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("log").toFile()).start();
        processes.add(p);
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("alertmanager exited: " + Files.readString(home.resolve("log")));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return url;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("alertmanager not ready: " + Files.readString(home.resolve("log")));
    }
}
