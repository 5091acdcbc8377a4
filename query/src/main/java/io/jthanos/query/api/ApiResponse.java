package io.jthanos.query.api;

import java.util.Map;

/**
 * One API response, independent of the HTTP server.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param body the (possibly gzip-compressed) body
 * @param headers further headers, e.g. {@code Content-Encoding}
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}
