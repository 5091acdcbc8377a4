package io.jthanos.benchmarks;

import io.jthanos.model.Labels;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote-write 1.0 load generator with per-request accounting. {@code series} series with the
 * labels of {@link HeadLoad#realistic} are split into batches of {@code batch} series, one request per
 * batch and round; worker {@code w} owns batches {@code w, w + concurrency, …} and sends its batches
 * round after round, each round 15 s of sample time later, so samples stay in order per series. Each
 * series' labels are encoded once; a request is assembled by copying them and appending one sample
 * (and the literal-only snappy framing), so the generator costs little CPU next to the receiver.
 * A request counts as accepted only when answered 2xx.
 *
 * <pre>
 * java -cp … io.jthanos.benchmarks.RemoteWriteLoad URL series batch concurrency seconds [pid]
 * </pre>
 *
 * With {@code pid}, the target's CPU seconds (utime + stime from {@code /proc/<pid>/stat}) over the run
 * and its resident memory after it are reported too. The first round (series creation) is reported
 * separately from the steady state.
 */
public final class RemoteWriteLoad {
    private RemoteWriteLoad() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int series = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long pid = args.length > 5 ? Long.parseLong(args[5]) : -1;

        byte[][] labels = new byte[series][];
        for (int i = 0; i < series; i++) {
            labels[i] = encodeLabels(HeadLoad.realistic(i));
        }
        int batches = (series + batch - 1) / batch;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong acceptedRequests = new AtomicLong(), acceptedSamples = new AtomicLong(), failedRequests = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long t0 = System.currentTimeMillis() - 3_600_000;

        // round 0 creates the series
        long cpu0 = cpuTicks(pid);
        long start = System.nanoTime();
        runRound(http, uri, labels, batch, batches, concurrency, 0, t0, acceptedRequests, acceptedSamples, failedRequests, statuses);
        double createSeconds = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpuTicks(pid);
        long createdSamples = acceptedSamples.get();

        // then rounds until the time is up
        acceptedRequests.set(0);
        acceptedSamples.set(0);
        long steadyStart = System.nanoTime();
        long deadline = steadyStart + seconds * 1_000_000_000L;
        int round = 1;
        while (System.nanoTime() < deadline) {
            runRound(http, uri, labels, batch, batches, concurrency, round, t0, acceptedRequests, acceptedSamples, failedRequests,
                    statuses);
            round++;
        }
        double steadySeconds = (System.nanoTime() - steadyStart) / 1e9;
        long cpu2 = cpuTicks(pid);

        System.out.printf("target %s series %d batch %d concurrency %d%n", uri, series, batch, concurrency);
        System.out.printf("series creation: %d samples accepted in %.1f s = %.0f samples/s%s%n", createdSamples, createSeconds,
                createdSamples / createSeconds, pid > 0 ? String.format(", target CPU %.1f s", (cpu1 - cpu0) / 100.0) : "");
        System.out.printf("steady: %d rounds, %d requests / %d samples accepted in %.1f s = %.0f samples/s%s%n", round - 1,
                acceptedRequests.get(), acceptedSamples.get(), steadySeconds, acceptedSamples.get() / steadySeconds,
                pid > 0 ? String.format(", target CPU %.1f s = %.0f samples per CPU second", (cpu2 - cpu1) / 100.0,
                        acceptedSamples.get() / ((cpu2 - cpu1) / 100.0)) : "");
        System.out.printf("failed requests: %d %s%n", failedRequests.get(), new TreeMap<>(statuses));
        if (pid > 0) {
            System.out.printf("target RSS after the run: %.0f MiB%n", rssKiB(pid) / 1024.0);
        }
    }

    private static void runRound(HttpClient http, URI uri, byte[][] labels, int batch, int batches, int concurrency, int round,
            long t0, AtomicLong acceptedRequests, AtomicLong acceptedSamples, AtomicLong failedRequests,
            Map<Integer, AtomicLong> statuses) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> {
                Request req = new Request();
                for (int b = worker; b < batches; b += concurrency) {
                    int from = b * batch, to = Math.min(labels.length, from + batch);
                    byte[] body = req.build(labels, from, to, t0 + round * 15_000L, round);
                    int status;
                    try {
                        status = http.send(HttpRequest.newBuilder(uri).header("Content-Encoding", "snappy")
                                .header("Content-Type", "application/x-protobuf").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    if (status / 100 == 2) {
                        acceptedRequests.incrementAndGet();
                        acceptedSamples.addAndGet(to - from);
                    } else {
                        failedRequests.incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    /** Assembles requests into reused buffers. */
    private static final class Request {
        private byte[] raw = new byte[1 << 16];
        private int len;

        byte[] build(byte[][] labels, int from, int to, long t, int round) {
            len = 0;
            for (int i = from; i < to; i++) {
                byte[] ls = labels[i];
                int sampleLen = 1 + 8 + 1 + uvarintSize(t);
                int tsLen = ls.length + 1 + uvarintSize(sampleLen) + sampleLen;
                ensure(1 + 5 + tsLen);
                raw[len++] = 1 << 3 | 2;
                putUvarint(tsLen);
                System.arraycopy(ls, 0, raw, len, ls.length);
                len += ls.length;
                raw[len++] = 2 << 3 | 2;
                putUvarint(sampleLen);
                raw[len++] = 1 << 3 | 1;
                long bits = Double.doubleToRawLongBits(i + round * 0.5);
                for (int b = 0; b < 8; b++) {
                    raw[len++] = (byte) (bits >>> (8 * b));
                }
                raw[len++] = 2 << 3;
                putUvarint(t);
            }
            return snappyLiteral(raw, len);
        }

        private void ensure(int extra) {
            if (len + extra > raw.length) {
                raw = java.util.Arrays.copyOf(raw, Math.max(raw.length * 2, len + extra));
            }
        }

        private void putUvarint(long v) {
            while ((v & ~0x7FL) != 0) {
                raw[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            raw[len++] = (byte) v;
        }
    }

    private static int uvarintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** The {@code labels} fields of a {@code TimeSeries}. */
    static byte[] encodeLabels(Labels ls) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int j = 0; j < ls.size(); j++) {
            ByteArrayOutputStream label = new ByteArrayOutputStream();
            field(label, 1, ls.name(j).getBytes(StandardCharsets.UTF_8));
            field(label, 2, ls.value(j).getBytes(StandardCharsets.UTF_8));
            field(out, 1, label.toByteArray());
        }
        return out.toByteArray();
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

    /** Snappy block format with literals only: valid for any snappy decoder, uncompressed. */
    static byte[] snappyLiteral(byte[] data, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16 + length / 65536 * 3);
        uvarint(out, length);
        for (int off = 0; off < length; off += 65536) {
            int n = Math.min(65536, length - off);
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

    private static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (Exception e) {
            return 0;
        }
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // gone
        }
        return 0;
    }
}
