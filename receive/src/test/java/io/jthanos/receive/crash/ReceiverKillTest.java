package io.jthanos.receive.crash;

import static io.jthanos.receive.testing.Series.body;
import static io.jthanos.receive.testing.Series.labels;
import static io.jthanos.receive.testing.Series.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.testing.StoreContents;
import io.jthanos.receive.tsdb.MultiTsdb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a receiver process under load, repeated: a load generator keeps per-request
 * accounting (a request counts as acknowledged only on a 2xx), the receiver in a child JVM is killed at
 * random moments and restarted on the same directory, and at the end every acknowledged sample is
 * stored, with its value; nothing is stored that was never sent.
 */
class ReceiverKillTest {
    private static final int ROUNDS = 4;
    private static final int WRITERS = 4;
    private static final int SERIES_PER_WRITER = 25;

    @TempDir Path dir;

    @Test
    void everyAcknowledgedSampleSurvivesRepeatedSigkill() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        Path data = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger ackedRequests = new AtomicInteger();
        AtomicInteger failedRequests = new AtomicInteger();
        long[] lastTimestamp = new long[WRITERS];

        for (int round = 0; round < ROUNDS; round++) {
            Path log = dir.resolve("child-" + round + ".log");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    "--enable-native-access=ALL-UNNAMED", ReceiverChild.class.getName(), data.toString())
                    .redirectOutput(log.toFile()).redirectError(dir.resolve("child-" + round + ".err").toFile()).start();
            try {
                int port = awaitPort(child, log);
                URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/receive");
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> crash = new AtomicReference<>();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                        try {
                            while (!stop.get()) {
                                long t = Math.max(System.currentTimeMillis(), lastTimestamp[writer] + 1);
                                lastTimestamp[writer] = t;
                                TimeSeries[] series = new TimeSeries[SERIES_PER_WRITER];
                                List<String> samples = new ArrayList<>(SERIES_PER_WRITER);
                                for (int s = 0; s < SERIES_PER_WRITER; s++) {
                                    double v = t % 100_000 + s * 0.5;
                                    series[s] = of(labels("__name__", "load", "series", writer + "-" + s), t, v);
                                    samples.add("{__name__=\"load\", series=\"" + writer + "-" + s + "\"}@" + t + "=" + v);
                                }
                                sent.addAll(samples);
                                int status;
                                try {
                                    status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                                            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(body(series))).build(),
                                            HttpResponse.BodyHandlers.discarding()).statusCode();
                                } catch (java.io.IOException e) {
                                    status = -1; // killed mid-request: not acknowledged
                                }
                                if (status / 100 == 2) {
                                    acked.addAll(samples);
                                    ackedRequests.incrementAndGet();
                                } else {
                                    failedRequests.incrementAndGet();
                                    if (status == -1) {
                                        Thread.sleep(5);
                                    }
                                }
                            }
                        } catch (Throwable e) {
                            crash.set(e);
                        }
                    }));
                }
                Thread.sleep(1500 + rnd.nextInt(2500));
                child.destroyForcibly(); // SIGKILL on Linux, while the writers are in full swing
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(100);
                stop.set(true);
                for (Thread t : writers) {
                    t.join(20_000);
                }
                assertThat(crash.get()).isNull();
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(ackedRequests.get()).as("acknowledged requests (seed %d)", seed).isGreaterThan(ROUNDS * 20);

        Set<String> stored = new HashSet<>();
        try (MultiTsdb storage = ReceiverChild.storage(data, ReceiverChild.OPTIONS.withCompactionInterval(Duration.ZERO))) {
            storage.openExisting();
            for (Map.Entry<String, List<String>> e : StoreContents.read(storage.tenant("default-tenant").store()).entrySet()) {
                String series = e.getKey().replace(", receive_replica=\"0\"", "").replace(", tenant_id=\"default-tenant\"", "");
                for (String sample : e.getValue()) {
                    stored.add(series + "@" + sample);
                }
            }
            assertThat(Files.list(data.resolve("default-tenant")).anyMatch(p -> io.jthanos.tsdb.block.Ulid.isValid(
                    p.getFileName().toString()))).as("blocks were cut during the run").isTrue();
        }
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(stored);
        assertThat(missing).as("acknowledged but lost (seed %d, %d acked requests, %d failed)", seed, ackedRequests.get(),
                failedRequests.get()).isEmpty();
        Set<String> unknown = new HashSet<>(stored);
        unknown.removeAll(sent);
        assertThat(unknown).as("stored but never sent").isEmpty();
    }

    private static int awaitPort(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("PORT ")) {
                    return Integer.parseInt(line.substring(5).trim());
                }
            }
            assertThat(child.isAlive()).as("child exited; see " + log).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("child did not start within 30 s");
    }
}
