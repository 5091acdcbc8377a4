package io.jthanos.benchmarks;

import io.jthanos.testing.Oracles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The "real" XOR data set: the float chunks that Prometheus 3.5 itself cut and memory-mapped
 * ({@code chunks_head/}) while scraping real {@code /metrics} endpoints, two Prometheus servers that
 * scrape themselves and each other, every 5 s (scrape timestamps aligned as Prometheus does by default).
 *
 * <p>The committed fixture {@value #RESOURCE} holds the chunk bytes exactly as Prometheus wrote them
 * (2-byte sample count + XOR bit stream), gzipped: {@code int magic, int count, (int length, bytes)*}.
 * Regenerate it with
 * <pre>
 * java -cp $CP io.jthanos.benchmarks.ScrapedXorChunks collect benchmarks/src/main/resources/xor/prometheus-scrape-5s.chunks.gz [minutes=25]
 * java -cp $CP io.jthanos.benchmarks.ScrapedXorChunks extract DATADIR OUT    # from a stopped Prometheus's data dir
 * </pre>
 * {@code collect} runs the oracle Prometheus (found through {@link Oracles}) twice and stops both
 * gracefully at the end: Prometheus buffers {@code chunks_head} writes and flushes them on shutdown.
 */
public final class ScrapedXorChunks {
    static final String RESOURCE = "/xor/prometheus-scrape-5s.chunks.gz";
    private static final int MAGIC = 0x584F5231; // "XOR1"
    private static final int HEAD_CHUNKS_MAGIC = 0x0130BC91;
    private static final int ENCODING_XOR = 1;

    private ScrapedXorChunks() {}

    /** The committed chunks, in the order Prometheus wrote them. */
    public static List<byte[]> load() throws IOException {
        try (InputStream in = ScrapedXorChunks.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " missing from the classpath");
            }
            DataInputStream d = new DataInputStream(new GZIPInputStream(in));
            if (d.readInt() != MAGIC) {
                throw new IOException(RESOURCE + ": bad magic");
            }
            int n = d.readInt();
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] c = new byte[d.readInt()];
                d.readFully(c);
                out.add(c);
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("collect")) {
            collect(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 25);
        } else if (args.length == 3 && args[0].equals("extract")) {
            write(readHeadChunks(Path.of(args[1]).resolve("chunks_head")), Path.of(args[2]));
        } else {
            System.err.println("usage: ScrapedXorChunks collect OUT [minutes] | extract DATADIR OUT");
            System.exit(2);
        }
    }

    private static void collect(Path out, int minutes) throws Exception {
        Path dir = Files.createTempDirectory("scraped-xor");
        int[] ports = {freePort(), freePort()};
        String targets = "['127.0.0.1:" + ports[0] + "', '127.0.0.1:" + ports[1] + "']";
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 5s\nscrape_configs:\n"
                + "  - job_name: prometheus\n    static_configs:\n      - targets: " + targets + "\n");
        List<Process> ps = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ps.add(new ProcessBuilder(Oracles.prometheus().toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data" + i), "--web.listen-address=127.0.0.1:" + ports[i])
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus" + i + ".log").toFile()).start());
            }
            System.out.printf("scraping every 5 s for %d min (data and logs in %s)%n", minutes, dir);
            Thread.sleep(minutes * 60_000L);
        } finally {
            for (Process p : ps) {
                p.destroy(); // SIGTERM: Prometheus flushes its buffered head chunks
                p.waitFor();
            }
        }
        write(readHeadChunks(dir.resolve("data0").resolve("chunks_head")), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void write(List<byte[]> chunks, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        long samples = 0;
        try (OutputStream os = Files.newOutputStream(out); DataOutputStream d = new DataOutputStream(new GZIPOutputStream(os))) {
            d.writeInt(MAGIC);
            d.writeInt(chunks.size());
            for (byte[] c : chunks) {
                d.writeInt(c.length);
                d.write(c);
                samples += ((c[0] & 0xFF) << 8) | (c[1] & 0xFF);
            }
        }
        System.out.printf("%d XOR chunks, %d samples, %d bytes gzipped -> %s%n", chunks.size(), samples, Files.size(out), out);
    }

    /**
     * The XOR chunks of a {@code chunks_head} directory (Prometheus's {@code tsdb/chunks/head_chunks.go}:
     * magic, version, padding, then {@code series ref (8) mint (8) maxt (8) encoding (1) len (uvarint)
     * data crc32c (4)} records; a file ends where the records end or zeros begin).
     */
    static List<byte[]> readHeadChunks(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
            if (b.remaining() < 8 || b.getInt(0) != HEAD_CHUNKS_MAGIC) {
                throw new IOException(f + ": not a head chunks file");
            }
            b.position(8);
            while (b.remaining() >= 25 + 1 + 4) {
                int start = b.position();
                long ref = b.getLong();
                long mint = b.getLong();
                long maxt = b.getLong();
                if (ref == 0 && mint == 0 && maxt == 0) {
                    break;
                }
                int enc = b.get() & 0xFF;
                long len = 0;
                for (int shift = 0;; shift += 7) {
                    int x = b.get() & 0xFF;
                    len |= (long) (x & 0x7F) << shift;
                    if (x < 0x80) {
                        break;
                    }
                }
                if (len > b.remaining() - 4) {
                    throw new IOException(f + " offset " + start + ": chunk of " + len + " bytes runs past the end");
                }
                byte[] data = new byte[(int) len];
                b.get(data);
                CRC32C crc = new CRC32C();
                crc.update(b.array(), start, b.position() - start);
                if ((int) crc.getValue() != b.getInt()) {
                    throw new IOException(f + " offset " + start + ": CRC mismatch");
                }
                if (enc == ENCODING_XOR) {
                    out.add(data);
                }
            }
        }
        return out;
    }
}
