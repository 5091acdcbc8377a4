package io.jthanos.ruler.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jthanos.model.Labels;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.grpc.tls.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --query.config}: the ruler queries over HTTPS with a private CA, a path prefix and basic auth. */
class QueryConfigTest {
    @TempDir Path tmp;
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Path file(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = QueryConfigTest.class.getResourceAsStream("/tls/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void queriesAnHttpsApiWithTheConfiguredCaPrefixAndCredentials() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsFiles.clientContext(null, file("server.crt"), file("server.key"))));
        server.createContext("/thanos/api/v1/query", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"42\"]}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.writeString(tmp.resolve("password"), "s3cret\n");
        String yaml = """
                - static_configs: ["localhost:%d"]
                  scheme: https
                  path_prefix: thanos/
                  http_config:
                    basic_auth: {username: ruler, password_file: %s}
                    tls_config: {ca_file: %s}
                """.formatted(server.getAddress().getPort(), tmp.resolve("password"), file("ca.crt"));

        HttpQueryClient client = new HttpQueryClient(Duration.ofSeconds(10), QueryConfig.parse(yaml));
        List<Sample> result = client.query("vector(42)", 1_000, PartialResponseStrategy.ABORT);

        assertThat(result).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEqualTo(Labels.empty());
            assertThat(s.value()).isEqualTo(42.0);
        });
        assertThat(authorization.get()).isEqualTo("Basic cnVsZXI6czNjcmV0"); // ruler:s3cret

        HttpQueryClient untrusting = new HttpQueryClient(Duration.ofSeconds(10), QueryConfig.parse(
                "- static_configs: [\"localhost:" + server.getAddress().getPort() + "\"]\n  scheme: https\n  path_prefix: /thanos\n"));
        assertThatThrownBy(() -> untrusting.query("vector(42)", 1_000, PartialResponseStrategy.ABORT))
                .isInstanceOf(QueryException.class).hasMessageContaining("https://localhost:");
    }

    @Test
    void whatIsNotModelledIsRefusedByName() {
        assertThatThrownBy(() -> QueryConfig.parse("- static_configs: [q:9090]\n  dns_sd_configs: []\n"))
                .hasMessage("--query.config[0].dns_sd_configs is not a known field");
        assertThatThrownBy(() -> QueryConfig.parse("- static_configs: [q:9090]\n  http_config:\n    proxy_url: http://p\n"))
                .hasMessage("--query.config[0].http_config.proxy_url is not supported yet by jthanos");
        assertThatThrownBy(() -> QueryConfig.parse(
                "- static_configs: [q:9090]\n  http_config:\n    tls_config: {insecure_skip_verify: true}\n"))
                .hasMessage("--query.config[0].http_config.tls_config: insecure_skip_verify is not supported yet by jthanos");
        assertThatThrownBy(() -> QueryConfig.parse("- static_configs: [q:9090]\n  scheme: ftp\n"))
                .hasMessage("--query.config[0].scheme must be http or https, got \"ftp\"");
    }
}
