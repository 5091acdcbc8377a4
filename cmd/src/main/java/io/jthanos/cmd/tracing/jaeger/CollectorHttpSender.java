package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each batch to a Jaeger collector's {@code /api/traces} as one binary-protocol thrift {@code Batch} with
 * {@code Content-Type: application/x-thrift}, with basic auth when both user and password are set (as the Go
 * exporter). A transport error or a non-2xx status fails the export with a message naming endpoint and status.
 */
final class CollectorHttpSender implements BatchSender {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorHttpSender.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;
  private final String authorization;
  private final HttpClient client;

  /** @param user with {@code password}, basic auth; either {@code null} or empty means none */
  CollectorHttpSender(URI endpoint, String user, String password) {
    this.endpoint = endpoint;
    this.authorization = user == null || user.isEmpty() || password == null || password.isEmpty()
        ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  @Override
  public CompletableResultCode send(JaegerBatch batch) {
    ThriftBinaryWriter writer = new ThriftBinaryWriter();
    JaegerThriftEncoder.writeBatch(writer, batch);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-thrift")
        .POST(HttpRequest.BodyPublishers.ofByteArray(writer.toByteArray()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    CompletableResultCode result = new CompletableResultCode();
    int spans = batch.spans().size();
    client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        fail(result, new IOException(
            "sending " + spans + " spans to Jaeger collector " + endpoint + " failed: " + cause, cause));
      } else if (response.statusCode() / 100 != 2) {
        fail(result, new IOException(
            "Jaeger collector " + endpoint + " answered HTTP status " + response.statusCode() + " to " + spans
                + " spans"));
      } else {
        result.succeed();
      }
    });
    return result;
  }

  @Override
  public long droppedSpans() {
    return 0;
  }

  @Override
  public void close() {
    client.shutdown();
  }

  private static void fail(CompletableResultCode result, IOException error) {
    LOG.warn(error.getMessage());
    result.failExceptionally(error);
  }
}
