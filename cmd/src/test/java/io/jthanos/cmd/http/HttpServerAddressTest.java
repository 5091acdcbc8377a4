package io.jthanos.cmd.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.logging.LogFormat;
import io.jthanos.cmd.logging.LogLevel;
import io.jthanos.cmd.logging.Logging;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The address a listener logs: the host as configured, as Thanos logs its flag, with the port bound. */
class HttpServerAddressTest {

  @AfterEach
  void restoreLogging() {
    Logging.configure(LogLevel.info, LogFormat.logfmt);
  }

  @Test
  void aWildcardListenerLogsTheConfiguredHostNotTheIpv6WildcardOfTheSocket() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Logging.configure(LogLevel.info, LogFormat.logfmt, out);
    HttpServer server = new HttpServer(new InetSocketAddress("0.0.0.0", 0), new HttpRouter(), 1024);
    server.start();
    try {
      int port = server.boundAddress().getPort();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("msg=\"listening for requests and metrics\" address=0.0.0.0:" + port + "\n");
    } finally {
      server.shutdown(Duration.ZERO);
    }
  }

  @Test
  void hostsAreJoinedWithTheirPortAsGoDoes() {
    assertThat(HttpServer.format("0.0.0.0", 10902)).isEqualTo("0.0.0.0:10902");
    assertThat(HttpServer.format("localhost", 1)).isEqualTo("localhost:1");
    assertThat(HttpServer.format("::", 10901)).isEqualTo("[::]:10901");
  }
}
