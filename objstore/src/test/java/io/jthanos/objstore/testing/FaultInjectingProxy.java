package io.jthanos.objstore.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy on a free loopback port that forwards to an upstream server (e.g. {@link
 * S3ProxyServer}) and injects faults into matching requests: error answers (500, 503 SlowDown, 429 ...),
 * connections dropped halfway through the response body, answers delayed past the client's timeout, and
 * connections closed without an answer. Requests are forwarded unchanged, so signatures stay valid.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** What to do to a matching request. */
    public sealed interface Fault {}

    /** Answer with {@code status} and an S3 error document with {@code code}, without forwarding. */
    public record Respond(int status, String code) implements Fault {}

    /** Forward, then send the response head and half of its body, and close the connection. */
    public record DropMidResponse() implements Fault {}

    /** Wait {@code delay} before forwarding (the client may give up meanwhile). */
    public record Delay(Duration delay) implements Fault {}

    /** Close the connection right after reading the request head, without any answer. */
    public record Reset() implements Fault {}

    /** A request as the proxy saw it. */
    public record Request(String method, String target, List<String> headers) {
        /** The value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** Whether this is {@code method} on a target containing {@code fragment}. */
        public boolean is(String method, String fragment) {
            return this.method.equals(method) && target.contains(fragment);
        }
    }

    private static final class Rule {
        final Predicate<Request> matches;
        final Fault fault;
        int remaining;

        Rule(Predicate<Request> matches, Fault fault, int times) {
            this.matches = matches;
            this.fault = fault;
            this.remaining = times;
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Rule> rules = new ArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FaultInjectingProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** Starts a proxy in front of {@code 127.0.0.1:upstreamPort}. */
    public static FaultInjectingProxy start(int upstreamPort) throws IOException {
        FaultInjectingProxy proxy = new FaultInjectingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        Thread.ofVirtual().name("fault-proxy-accept").start(proxy::acceptLoop);
        return proxy;
    }

    /** {@code 127.0.0.1:port} of the proxy. */
    public String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Applies {@code fault} to the next {@code times} requests matching {@code matches}. */
    public synchronized FaultInjectingProxy inject(Predicate<Request> matches, Fault fault, int times) {
        rules.add(new Rule(matches, fault, times));
        return this;
    }

    /** Removes all rules that have not run out yet. */
    public synchronized void clearFaults() {
        rules.clear();
    }

    /** The requests seen so far, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests seen so far that match. */
    public List<Request> requests(Predicate<Request> matches) {
        return requests.stream().filter(matches).toList();
    }

    /** Forgets the requests seen so far. */
    public void clearRequests() {
        requests.clear();
    }

    private synchronized Fault faultFor(Request request) {
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.matches.test(request)) {
                rule.remaining--;
                return rule.fault;
            }
        }
        return null;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().name("fault-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream in = new java.io.BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                Head head = Head.read(in);
                if (head == null) {
                    return;
                }
                String[] line = head.firstLine.split(" ", 3);
                Request request = new Request(line[0], line[1], head.headers);
                requests.add(request);
                Fault fault = faultFor(request);
                if (fault instanceof Reset) {
                    return;
                }
                boolean expectContinue = "100-continue".equalsIgnoreCase(request.header("Expect"));
                if (fault instanceof Respond respond) {
                    if (!expectContinue) {
                        readBody(in, head, false);
                    }
                    writeError(out, respond);
                    return;
                }
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(ISO_8859_1));
                    out.flush();
                }
                byte[] body = readBody(in, head, false);
                if (fault instanceof Delay delay) {
                    Thread.sleep(delay.delay());
                }
                if (upstream == null || upstream.isClosed()) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    sockets.add(upstream);
                }
                OutputStream upOut = upstream.getOutputStream();
                upOut.write(head.serialize("expect").getBytes(ISO_8859_1));
                upOut.write(body);
                upOut.flush();
                InputStream upIn = new java.io.BufferedInputStream(upstream.getInputStream());
                Head response = Head.read(upIn);
                if (response == null) {
                    return;
                }
                boolean noBody = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
                byte[] responseBody = noBody ? new byte[0] : readBody(upIn, response, true);
                out.write(response.serialize(null).getBytes(ISO_8859_1));
                if (fault instanceof DropMidResponse) {
                    out.write(responseBody, 0, responseBody.length / 2);
                    out.flush();
                    upstream.close();
                    return;
                }
                out.write(responseBody);
                out.flush();
                if ("close".equalsIgnoreCase(response.header("Connection"))) {
                    return;
                }
                // One upstream read buffer per exchange: responses are fully consumed, so none is lost.
            }
        } catch (IOException | InterruptedException e) {
            // the client or upstream went away; nothing to report
        } finally {
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static void writeError(OutputStream out, Respond respond) throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + respond.code()
                + "</Code><Message>injected " + respond.code() + "</Message><RequestId>fault</RequestId></Error>";
        String head = "HTTP/1.1 " + respond.status() + " Injected\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n";
        out.write((head + body).getBytes(ISO_8859_1));
        out.flush();
    }

    /** Reads a message body as raw bytes (chunk framing included), by Content-Length or chunked encoding. */
    private static byte[] readBody(InputStream in, Head head, boolean untilCloseIfUnframed) throws IOException {
        String length = head.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length.trim()));
        }
        String te = head.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                raw.write((sizeLine + "\r\n").getBytes(ISO_8859_1));
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                        raw.write((trailer + "\r\n").getBytes(ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return raw.toByteArray();
                }
                raw.write(in.readNBytes(size + 2));
            }
        }
        return untilCloseIfUnframed ? in.readAllBytes() : new byte[0];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, ISO_8859_1);
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new IOException("connection closed mid-line");
    }

    private record Head(String firstLine, List<String> headers) {
        static Head read(InputStream in) throws IOException {
            String first = readLine(in);
            if (first == null) {
                return null;
            }
            List<String> headers = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                headers.add(line);
            }
            return new Head(first, headers);
        }

        String header(String name) {
            return new Request("", "", headers).header(name);
        }

        int status() {
            return Integer.parseInt(firstLine.split(" ", 3)[1]);
        }

        String serialize(String without) {
            StringBuilder sb = new StringBuilder(firstLine).append("\r\n");
            for (String h : headers) {
                if (without == null || !h.toLowerCase(Locale.ROOT).startsWith(without + ":")) {
                    sb.append(h).append("\r\n");
                }
            }
            return sb.append("\r\n").toString();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
