package io.jthanos.receive.handler;

import java.util.Map;

/** The status, plain-text body and extra headers to answer a remote-write request with. */
public record RemoteWriteHttpResponse(int status, String body, Map<String, String> headers) {
    static RemoteWriteHttpResponse of(int status, String body) {
        return new RemoteWriteHttpResponse(status, body, Map.of());
    }
}
