package io.jthanos.cmd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.store.grpc.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on a listener ({@code --remote-write.server-tls-*}): the same certificates and rules as gRPC TLS. */
class HttpServerTlsTest {
  @TempDir Path tmp;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ZERO);
    }
  }

  /** A test certificate or key of the store module's {@code tls/} resources, as a file. */
  private Path file(String name) throws IOException {
    Path p = tmp.resolve(name);
    try (InputStream in = HttpServerTlsTest.class.getResourceAsStream("/tls/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private String serve(ServerTls tls) throws IOException {
    server = new HttpServer(new InetSocketAddress("127.0.0.1", 0),
        new HttpRouter().post("/api/v1/receive", r -> HttpResponse.text(200, "ok")), 1024, tls);
    server.start();
    return "https://localhost:" + server.boundAddress().getPort() + "/api/v1/receive";
  }

  private static SSLContext trusting(Path ca) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      ks.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static int post(String url, SSLContext ctx) throws Exception {
    try (HttpClient c = HttpClient.newBuilder().sslContext(ctx).build()) {
      return c.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          BodyHandlers.ofString()).statusCode();
    }
  }

  @Test
  void aClientTrustingTheCaPostsOverHttps() throws Exception {
    String url = serve(new ServerTls(file("server.crt"), file("server-pkcs1.key"), null, "1.2"));
    assertThat(post(url, trusting(file("ca.crt")))).isEqualTo(200);
    assertThatThrownBy(() -> post(url, trusting(file("other-ca.crt")))).isInstanceOf(IOException.class);
    try (HttpClient plain = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(url.replace("https:", "http:")))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void withAClientCaAClientWithoutACertificateIsRefused() throws Exception {
    String url = serve(new ServerTls(file("server.crt"), file("server.key"), file("ca.crt"), "1.3"));
    assertThatThrownBy(() -> post(url, trusting(file("ca.crt")))).isInstanceOf(IOException.class);
  }
}
