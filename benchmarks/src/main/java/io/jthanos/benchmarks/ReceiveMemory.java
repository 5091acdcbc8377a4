package io.jthanos.benchmarks;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counterpart of {@link PrometheusMemory} for {@code bin/thanos receive}: starts a receiver (one
 * tenant, WAL on), sends the same {@code series × samples} with the labels of {@link HeadLoad} through
 * remote write, and compares the Java heap used after full GCs ({@code jcmd <pid> GC.run}, then
 * {@code GC.heap_info}) before and after.
 *
 * <pre>
 * JTHANOS_JAVA_OPTS=-Xmx4g java [-Dhistogram=true] -cp … io.jthanos.benchmarks.ReceiveMemory bin/thanos [series=1000000] [samplesPerSeries=2]
 * </pre>
 *
 * With {@code -Dhistogram=true} the receiver's largest classes on the heap are printed at the end.
 */
public final class ReceiveMemory {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total.*?used\\s+(\\d+)K");

    private ReceiveMemory() {}

    public static void main(String[] args) throws Exception {
        Path thanos = Path.of(args[0]);
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("receive-mem");
        int rw = freePort(), http = freePort(), grpc = freePort();
        ProcessBuilder pb = new ProcessBuilder(thanos.toString(), "receive", "--tsdb.path=" + dir.resolve("data"),
                "--label=receive_replica=\"0\"", "--remote-write.address=127.0.0.1:" + rw, "--http-address=127.0.0.1:" + http,
                "--grpc-address=127.0.0.1:" + grpc).redirectErrorStream(true).redirectOutput(dir.resolve("receive.log").toFile());
        pb.environment().put("JTHANOS_NO_REBUILD", "1");
        Process p = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            PrometheusMemory.waitReady(client, "http://127.0.0.1:" + http);
            Thread.sleep(3000);
            long before = heapUsedAfterGc(p.pid());
            long start = System.nanoTime();
            long t0 = System.currentTimeMillis() - 3_600_000;
            int perRequest = 2000;
            URI uri = URI.create("http://127.0.0.1:" + rw + "/api/v1/receive");
            for (int s = 0; s < samples; s++) {
                for (int from = 0; from < series; from += perRequest) {
                    byte[] body = PrometheusMemory.snappyLiteral(
                            PrometheusMemory.writeRequest(from, Math.min(series, from + perRequest), t0 + s * 15_000L, s));
                    HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri).header("Content-Encoding", "snappy")
                            .header("Content-Type", "application/x-protobuf").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() / 100 != 2) {
                        throw new IOException("remote write answered " + resp.statusCode() + ": " + resp.body());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = heapUsedAfterGc(p.pid());
            System.out.printf("receive: %d series x %d samples sent in %.1f s (%.0f samples/s)%n", series, samples, seconds,
                    series * (double) samples / seconds);
            System.out.printf("receive heap used after full GC: before %.1f MiB, after %.1f MiB, per series %.0f bytes%n",
                    before / 1048576.0, after / 1048576.0, (after - before) / (double) series);
            System.out.printf("receive resident memory after: %.1f MiB%n", rssKiB(p.pid()) / 1024.0);
            if (Boolean.getBoolean("histogram")) {
                jcmd(p.pid(), "GC.class_histogram").lines().limit(30).forEach(System.out::println);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Heap used after two full GCs, from {@code jcmd}. */
    private static long heapUsedAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IOException("no heap usage in jcmd GC.heap_info output:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
