package io.jthanos.benchmarks.promql;

import io.jthanos.promql.differential.PrometheusProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own query path as an operator runs it: {@code bin/thanos store} over a FILESYSTEM bucket holding
 * the blocks and {@code bin/thanos query} fanning out to it over gRPC, both as separate processes on
 * loopback. {@link #close()} stops both.
 */
final class JthanosQueryProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI query;

    private JthanosQueryProcesses() {}

    /**
     * Starts both over {@code bucketDir} and waits until the querier answers a query over
     * {@code [start, end]} with data, i.e. the store gateway has loaded the blocks.
     */
    static JthanosQueryProcesses start(Path thanos, Path bucketDir, Path workDir, long start, long end) throws IOException {
        JthanosQueryProcesses p = new JthanosQueryProcesses();
        try {
            Path objstore = workDir.resolve("objstore.yml");
            Files.writeString(objstore, "type: FILESYSTEM\nconfig:\n  directory: " + bucketDir + "\n");
            String storeGrpc = "127.0.0.1:" + freePort();
            p.spawn(workDir.resolve("store.log"), thanos.toString(), "store", "--objstore.config-file=" + objstore,
                    "--data-dir=" + workDir.resolve("store"), "--grpc-address=" + storeGrpc,
                    "--http-address=127.0.0.1:" + freePort());
            String queryHttp = "127.0.0.1:" + freePort();
            p.spawn(workDir.resolve("query.log"), thanos.toString(), "query", "--endpoint=" + storeGrpc,
                    "--http-address=" + queryHttp, "--grpc-address=127.0.0.1:" + freePort());
            p.query = URI.create("http://" + queryHttp);
            p.awaitData(start, end, workDir);
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The querier's HTTP base URI. */
    URI uri() {
        return query;
    }

    /** POSTs a form to the querier's HTTP API. */
    HttpResponse<String> post(String path, String... params) throws IOException {
        return PrometheusProcess.postForm(http, query.resolve(path), params);
    }

    private void spawn(Path log, String... cmd) throws IOException {
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private void awaitData(long start, long end, Path workDir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IOException("a jthanos process exited with " + p.exitValue() + "; logs in " + workDir);
                }
            }
            try {
                HttpResponse<String> r = post("/api/v1/query", "query", "count({__name__=~\".+\"})",
                        "time", Long.toString((start + end) / 2));
                if (r.statusCode() == 200 && r.body().contains("\"result\":[{")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("jthanos query did not answer with data within 3 minutes; logs in " + workDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
