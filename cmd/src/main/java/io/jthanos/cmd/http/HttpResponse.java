package io.jthanos.cmd.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete HTTP response.
 *
 * @param status the status code
 * @param contentType the Content-Type header value
 * @param body the body bytes
 * @param headers further headers
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  /** A plain-text response. */
  public static HttpResponse text(int status, String body) {
    return new HttpResponse(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** The body decoded as UTF-8. */
  public String bodyAsText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A response with the given content type. */
  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(status, contentType, body, Map.of());
  }
}
