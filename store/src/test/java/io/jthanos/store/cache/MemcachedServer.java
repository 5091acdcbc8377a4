package io.jthanos.store.cache;

import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached ({@link Oracles#memcached()}) on a free port of 127.0.0.1, with 64 MiB of memory and no UDP,
 * for as long as the test holds it. Skips the test (fails it under CI) when the binary is missing.
 */
public final class MemcachedServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private MemcachedServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MemcachedServer start() throws IOException, InterruptedException {
        return start(null);
    }

    /** @param maxItemSize memcached's {@code -I}, e.g. {@code 2m}; null for its default (1m) */
    public static MemcachedServer start(String maxItemSize) throws IOException, InterruptedException {
        Path binary = Oracles.memcached();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", "127.0.0.1", "-p",
                    Integer.toString(port), "-U", "0", "-m", "64", "-u", System.getProperty("user.name")));
            if (maxItemSize != null) {
                command.addAll(List.of("-I", maxItemSize));
            }
            Path log = Files.createTempFile("memcached-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MemcachedServer server = new MemcachedServer(process, port, log);
            try {
                server.awaitAccepting();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitAccepting() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("memcached exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IOException("memcached did not accept connections on port " + port + ": " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        // SIGKILL: memcached takes up to a second to exit on SIGTERM, and there is nothing to save
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("memcached on port " + port + " did not exit");
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file
        }
    }
}
