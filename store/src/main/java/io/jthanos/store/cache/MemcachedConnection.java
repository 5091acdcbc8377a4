package io.jthanos.store.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One TCP connection to a memcached server speaking the text protocol (memcached's {@code protocol.txt}):
 *
 * <pre>
 * get &lt;key&gt;*\r\n
 *     → (VALUE &lt;key&gt; &lt;flags&gt; &lt;bytes&gt; [&lt;cas&gt;]\r\n &lt;data&gt;\r\n)* END\r\n
 * set &lt;key&gt; &lt;flags&gt; &lt;exptime&gt; &lt;bytes&gt;\r\n &lt;data&gt;\r\n
 *     → STORED\r\n
 * </pre>
 *
 * Any of them may instead answer {@code ERROR}, {@code CLIENT_ERROR <message>} or {@code SERVER_ERROR <message>}.
 * Keys must already be valid ({@link MemcachedKeys}). Every read waits at most the timeout. After any exception the
 * connection's state is unknown: close it. Not thread-safe.
 */
final class MemcachedConnection implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private MemcachedConnection(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects to {@code address} ({@code host:port}) within {@code timeout}. */
    static MemcachedConnection open(String address, Duration timeout) throws IOException {
        String[] hostPort = DnsProvider.splitHostPort(address);
        if (hostPort == null) {
            throw new IOException("address " + address + ": missing port");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort[1]);
        } catch (NumberFormatException e) {
            throw new IOException("address " + address + ": invalid port");
        }
        Socket socket = new Socket();
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(hostPort[0], port), millis);
            socket.setSoTimeout(millis);
            return new MemcachedConnection(address, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String address() {
        return address;
    }

    /** The values of those {@code keys} the server has. */
    Map<String, byte[]> get(List<String> keys) throws IOException {
        StringBuilder command = new StringBuilder(16 + keys.size() * 32).append("get");
        for (String key : keys) {
            command.append(' ').append(key);
        }
        out.write(command.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        Map<String, byte[]> values = new HashMap<>();
        while (true) {
            String line = readLine();
            if (line.equals("END")) {
                return values;
            }
            if (!line.startsWith("VALUE ")) {
                throw unexpected("get", line);
            }
            String[] parts = line.split(" ");
            if (parts.length < 4 || parts.length > 5) {
                throw unexpected("get", line);
            }
            int size;
            try {
                size = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                throw unexpected("get", line);
            }
            if (size < 0) {
                throw unexpected("get", line);
            }
            byte[] data = in.readNBytes(size);
            if (data.length != size) {
                throw new EOFException("memcached " + address + " closed the connection in a value");
            }
            expectCrlf();
            values.put(parts[1], data);
        }
    }

    /** Stores {@code value} under {@code key}; {@code exptime} as memcached reads it (0: never expires). */
    void set(String key, byte[] value, long exptime) throws IOException {
        String header = "set " + key + " 0 " + exptime + " " + value.length + "\r\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        out.write(value);
        out.write(CRLF);
        out.flush();
        String line = readLine();
        if (!line.equals("STORED")) {
            throw unexpected("set", line);
        }
    }

    private MemcachedException unexpected(String verb, String line) {
        boolean error = line.equals("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR");
        return new MemcachedException(error ? FailureReason.SERVER_ERROR : FailureReason.OTHER,
                "memcached " + address + ": unexpected response line from " + verb + ": \""
                        + (line.length() > 200 ? line.substring(0, 200) + "…" : line) + "\"");
    }

    /** A line without its {@code \r\n}. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("memcached " + address + " closed the connection");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new MemcachedException(FailureReason.OTHER,
                    "memcached " + address + ": a value does not end in \\r\\n");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do about it
        }
    }
}
