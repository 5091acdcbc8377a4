package io.jthanos.query.api;

import java.util.Arrays;
import java.util.Map;

/**
 * One API response, independent of the HTTP server. The body is the first {@code bodyLength} bytes of
 * {@code bodyBuffer}, so a large JSON answer is handed on without copying it out of the writer's array.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param bodyBuffer holds the (possibly gzip-compressed) body at its start; not to be modified
 * @param bodyLength how many bytes of {@code bodyBuffer} the body is
 * @param headers further headers, e.g. {@code Content-Encoding}
 */
public record ApiResponse(int status, String contentType, byte[] bodyBuffer, int bodyLength, Map<String, String> headers) {
    public ApiResponse {
        if (bodyLength < 0 || bodyLength > bodyBuffer.length) {
            throw new IllegalArgumentException("body length " + bodyLength + " outside buffer of " + bodyBuffer.length);
        }
        headers = Map.copyOf(headers);
    }

    /** A response whose body is all of {@code body}. */
    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, body.length, headers);
    }

    /** The body, copied out of the buffer when it does not fill it. */
    public byte[] body() {
        return bodyLength == bodyBuffer.length ? bodyBuffer : Arrays.copyOf(bodyBuffer, bodyLength);
    }
}
