package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures Prometheus's heap per head series for the label set of {@link HeadLoad}: starts Prometheus
 * with its remote-write receiver, sends {@code series × samples} through remote write, and compares
 * the Go heap in use (after a forced GC via {@code /debug/pprof/heap?gc=1}) before and after.
 *
 * <pre>
 * java -cp … io.jthanos.benchmarks.PrometheusMemory /path/to/prometheus [series=1000000] [samplesPerSeries=5]
 * </pre>
 */
public final class PrometheusMemory {
    private PrometheusMemory() {}

    public static void main(String[] args) throws Exception {
        Path prometheus = Path.of(args[0]);
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("prom-mem");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=100y")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            waitReady(http, base);
            Thread.sleep(3000);
            double before = heapAfterGc(http, base);
            long start = System.nanoTime();
            long t0 = System.currentTimeMillis() - 3_600_000;
            int perRequest = 2000;
            for (int s = 0; s < samples; s++) {
                for (int from = 0; from < series; from += perRequest) {
                    byte[] body = snappyLiteral(writeRequest(from, Math.min(series, from + perRequest), t0 + s * 15_000L, s));
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
                            .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() / 100 != 2) {
                        throw new IOException("remote write answered " + resp.statusCode() + ": " + resp.body());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double headSeries = metric(http, base, "prometheus_tsdb_head_series");
            double after = heapAfterGc(http, base);
            System.out.printf("prometheus: %d series x %d samples sent in %.1f s (%.0f samples/s); head series %.0f%n", series,
                    samples, seconds, series * (double) samples / seconds, headSeries);
            System.out.printf("prometheus heap in use: before %.1f MiB, after %.1f MiB, per series %.0f bytes%n", before / 1048576,
                    after / 1048576, (after - before) / headSeries);
            System.out.printf("prometheus resident memory after: %.1f MiB%n", metric(http, base, "process_resident_memory_bytes") / 1048576);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    static void waitReady(HttpClient http, String base) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException(base + " did not become ready");
    }

    private static double heapAfterGc(HttpClient http, String base) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/debug/pprof/heap?gc=1")).build(), HttpResponse.BodyHandlers.discarding());
        return metric(http, base, "go_memstats_heap_inuse_bytes");
    }

    private static double metric(HttpClient http, String base, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new IOException("metric " + name + " not found");
    }

    /** A remote-write v1 {@code WriteRequest} with one sample for each series in {@code [from, to)}. */
    static byte[] writeRequest(int from, int to, long t, int step) {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            Labels ls = HeadLoad.realistic(i);
            for (int j = 0; j < ls.size(); j++) {
                ByteArrayOutputStream label = new ByteArrayOutputStream();
                field(label, 1, ls.name(j).getBytes(StandardCharsets.UTF_8));
                field(label, 2, ls.value(j).getBytes(StandardCharsets.UTF_8));
                field(ts, 1, label.toByteArray());
            }
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            sample.write(1 << 3 | 1); // value, fixed64
            long bits = Double.doubleToRawLongBits(i + step * 1e-3 + t * 1e-6);
            for (int b = 0; b < 8; b++) {
                sample.write((int) (bits >>> (8 * b)));
            }
            sample.write(2 << 3); // timestamp, varint
            uvarint(sample, t);
            field(ts, 2, sample.toByteArray());
            field(req, 1, ts.toByteArray());
        }
        return req.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        out.write(number << 3 | 2);
        uvarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void uvarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Snappy block format with literals only: valid input for any snappy decoder, uncompressed. */
    static byte[] snappyLiteral(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        uvarint(out, data.length);
        for (int off = 0; off < data.length; off += 65536) {
            int n = Math.min(65536, data.length - off);
            int m = n - 1;
            if (m < 60) {
                out.write(m << 2);
            } else if (m < 256) {
                out.write(60 << 2);
                out.write(m);
            } else {
                out.write(61 << 2);
                out.write(m & 0xFF);
                out.write(m >>> 8);
            }
            out.write(data, off, n);
        }
        return out.toByteArray();
    }
}
