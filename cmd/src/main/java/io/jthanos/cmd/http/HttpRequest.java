package io.jthanos.cmd.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One fully received HTTP request as handlers see it.
 *
 * @param method upper-case method name, e.g. {@code GET}
 * @param path the decoded path without the query string
 * @param query decoded query parameters, each with all its values in order
 * @param headers header values by lower-case name
 * @param body the request body; empty when there is none
 */
public record HttpRequest(
    String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {

  /** The first value of query parameter {@code name}, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** The first value of header {@code name} (case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
