package io.jthanos.cmd.tracing.jaeger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a service's sampling strategy with {@code GET <serverUrl>?service=<service>}, giving up
 * after 10 seconds. Redirects are followed; a status of 400 or more is an error.
 */
final class SamplingStrategyFetcher implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String requestUrl;
  private final HttpClient client;

  SamplingStrategyFetcher(String serverUrl, String serviceName) {
    this.requestUrl = serverUrl + "?service=" + URLEncoder.encode(serviceName, StandardCharsets.UTF_8);
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** @throws IOException if the request fails, times out or is answered with status 400 or more */
  byte[] fetch() throws IOException, InterruptedException {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(requestUrl)).timeout(TIMEOUT).GET().build();
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid sampling server URL: " + requestUrl, e);
    }
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw new IOException("status code: " + response.statusCode() + ", body: "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
