package io.jthanos.promql.differential;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Prometheus server run over a copy of a set of blocks, for tests and benchmarks: retention of
 * 100 years and 2 h block durations so it neither deletes nor compacts them, an empty scrape
 * configuration, and a free loopback port. {@link #close()} kills it.
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /**
     * Starts {@code binary} over {@code dataDir} (which it may modify: pass a copy) and waits until it is ready.
     *
     * @param extraFlags further flags, e.g. {@code --enable-feature=promql-experimental-functions}
     */
    public static PrometheusProcess start(Path binary, Path dataDir, Path workDir, List<String> extraFlags) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, "global: {}\n");
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir,
                "--storage.tsdb.retention.time=100y",
                "--storage.tsdb.min-block-duration=2h",
                "--storage.tsdb.max-block-duration=2h",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        cmd.addAll(extraFlags);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        PrometheusProcess prom = new PrometheusProcess(p, URI.create("http://127.0.0.1:" + port));
        try {
            prom.awaitReady(workDir.resolve("prometheus.log"));
            return prom;
        } catch (IOException | RuntimeException e) {
            prom.close();
            throw e;
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return base;
    }

    private void awaitReady(Path log) throws IOException {
        awaitReady(http, base, process, log, Duration.ofSeconds(60));
    }

    /**
     * Waits until the process serving {@code base} answers 200 on {@code /-/ready}, as Prometheus and every
     * jthanos component do.
     *
     * @param log the process's output, quoted in the error when it exits or is not ready within {@code timeout}
     */
    public static void awaitReady(HttpClient http, URI base, Process process, Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(base + " exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + base, e);
            }
            sleep();
        }
        throw new IOException(base + " not ready within " + timeout.toSeconds() + "s: " + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POSTs a form to an API path and returns the status code and body. */
    public HttpResponse<String> post(String path, String... keysAndValues) throws IOException {
        return postForm(http, base.resolve(path), keysAndValues);
    }

    /** POSTs a form ({@code key, value, …}) to {@code url} of any Prometheus-compatible API. */
    public static HttpResponse<String> postForm(HttpClient http, URI url, String... keysAndValues) throws IOException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(keysAndValues[i]).append('=').append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest req = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
