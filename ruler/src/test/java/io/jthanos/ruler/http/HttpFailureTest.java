package io.jthanos.ruler.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a failed request to an Alertmanager or a query API logs: Go's words for it, as Thanos logs them. Each
 * failure is produced for real, both as the asynchronous client completes (Alertmanager sends) and as the
 * synchronous one throws (rule queries).
 */
class HttpFailureTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("[]")).build();
    }

    private static Throwable async(URI uri) {
        return HttpClient.newHttpClient().sendAsync(post(uri), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error).join();
    }

    private static Throwable sync(URI uri) throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(post(uri), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("no failure");
        } catch (IOException e) {
            return e;
        }
    }

    @Test
    void aRefusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v2/alerts");
        String expected = "Post \"" + uri + "\": dial tcp 127.0.0.1:" + port + ": connect: connection refused";
        assertThat(HttpFailure.describe("Post", uri, TIMEOUT, async(uri))).isEqualTo(expected);
        assertThat(HttpFailure.describe("Post", uri, TIMEOUT, sync(uri))).isEqualTo(expected);
    }

    @Test
    void anUnknownHost() throws Exception {
        URI uri = URI.create("http://alertmanager.invalid:9093/api/v2/alerts");
        String expected = "Post \"" + uri + "\": dial tcp: lookup alertmanager.invalid: no such host";
        assertThat(HttpFailure.describe("Post", uri, TIMEOUT, async(uri))).isEqualTo(expected);
        assertThat(HttpFailure.describe("Post", uri, TIMEOUT, sync(uri))).isEqualTo(expected);
    }

    @Test
    void aServerThatNeverAnswers() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            URI uri = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/api/v1/query");
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket accepted = s.accept(); // held open, never answered
                        Thread.ofVirtual().start(() -> {
                            try (accepted) {
                                Thread.sleep(5_000);
                            } catch (Exception ignored) {
                                // the test is over
                            }
                        });
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String expected = "Post \"" + uri + "\": timeout awaiting response after 300ms";
            assertThat(HttpFailure.describe("Post", uri, TIMEOUT, async(uri))).isEqualTo(expected);
            assertThat(HttpFailure.describe("Post", uri, TIMEOUT, sync(uri))).isEqualTo(expected);
        }
    }
}
