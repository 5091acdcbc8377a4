package io.jthanos.query.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Encodes API answers in Prometheus's envelope ({@code status}, {@code data}, {@code errorType}, …). */
final class ApiResponses {
    static final String JSON = "application/json";

    private ApiResponses() {
    }

    static ApiResponse success(ApiResult result, ApiRequest request) {
        JsonWriter w = new JsonWriter();
        w.beginObject().name("status").value("success").name("data");
        result.data().accept(w);
        annotations(w, result.warnings(), result.infos());
        w.endObject();
        return encode(200, w, request);
    }

    static ApiResponse error(ApiException e, List<String> warnings, ApiRequest request) {
        JsonWriter w = new JsonWriter();
        w.beginObject().name("status").value("error").name("errorType").value(e.type().wireName())
                .name("error").value(e.getMessage());
        annotations(w, warnings, List.of());
        w.endObject();
        return encode(e.type().status(), w, request);
    }

    private static void annotations(JsonWriter w, List<String> warnings, List<String> infos) {
        if (!warnings.isEmpty()) {
            w.name("warnings").beginArray();
            warnings.forEach(w::value);
            w.endArray();
        }
        if (!infos.isEmpty()) {
            w.name("infos").beginArray();
            infos.forEach(w::value);
            w.endArray();
        }
    }

    private static ApiResponse encode(int status, JsonWriter w, ApiRequest request) {
        String accept = request.header("accept-encoding");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            return new ApiResponse(status, JSON, gzip(w.buffer(), w.size()),
                    Map.of("Content-Encoding", "gzip", "Vary", "Accept-Encoding"));
        }
        return new ApiResponse(status, JSON, w.toBytes(), Map.of());
    }

    private static byte[] gzip(byte[] body, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 << 10)) {
            gz.write(body, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
