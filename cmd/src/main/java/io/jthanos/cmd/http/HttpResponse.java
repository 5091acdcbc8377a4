package io.jthanos.cmd.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A complete HTTP response. The body is the first {@code bodyLength} bytes of {@code bodyBuffer}, so a large
 * body built in a growing array is written out without another copy.
 *
 * @param status the status code
 * @param contentType the Content-Type header value
 * @param bodyBuffer holds the body at its start; not to be modified
 * @param bodyLength how many bytes of {@code bodyBuffer} the body is
 * @param headers further headers
 */
public record HttpResponse(
    int status, String contentType, byte[] bodyBuffer, int bodyLength, Map<String, String> headers) {

  public HttpResponse {
    if (bodyLength < 0 || bodyLength > bodyBuffer.length) {
      throw new IllegalArgumentException(
          "body length " + bodyLength + " outside buffer of " + bodyBuffer.length);
    }
  }

  /** A response whose body is all of {@code body}. */
  public HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    this(status, contentType, body, body.length, headers);
  }

  /** The body, copied out of the buffer when it does not fill it. */
  public byte[] body() {
    return bodyLength == bodyBuffer.length ? bodyBuffer : Arrays.copyOf(bodyBuffer, bodyLength);
  }

  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  /** A plain-text response. */
  public static HttpResponse text(int status, String body) {
    return new HttpResponse(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** The body decoded as UTF-8. */
  public String bodyAsText() {
    return new String(bodyBuffer, 0, bodyLength, StandardCharsets.UTF_8);
  }

  /** A response with the given content type. */
  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(status, contentType, body, Map.of());
  }
}
