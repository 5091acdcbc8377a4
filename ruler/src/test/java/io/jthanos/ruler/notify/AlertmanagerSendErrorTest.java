package io.jthanos.ruler.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The error a failed send logs names the Alertmanager and says what went wrong, as Thanos's log does. */
class AlertmanagerSendErrorTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** The exception the JDK's client completes a POST to {@code uri} with. */
    private static Throwable failure(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("[]")).build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error).join();
    }

    @Test
    void aRefusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v2/alerts");
        assertThat(AlertmanagerSender.describe(uri, TIMEOUT, failure(uri)))
                .isEqualTo("Post \"" + uri + "\": dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    }

    @Test
    void anUnknownHost() {
        URI uri = URI.create("http://alertmanager.invalid:9093/api/v2/alerts");
        assertThat(AlertmanagerSender.describe(uri, TIMEOUT, failure(uri)))
                .isEqualTo("Post \"" + uri + "\": dial tcp: lookup alertmanager.invalid: no such host");
    }

    @Test
    void anAlertmanagerThatNeverAnswers() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            URI uri = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/api/v2/alerts");
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = s.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            assertThat(AlertmanagerSender.describe(uri, TIMEOUT, failure(uri)))
                    .isEqualTo("Post \"" + uri + "\": timeout awaiting response after 300ms");
        }
    }
}
