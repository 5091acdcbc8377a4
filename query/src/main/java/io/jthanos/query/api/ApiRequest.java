package io.jthanos.query.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One API request, independent of the HTTP server: the method, the parameters (form body first, then the
 * URL query, as Go's {@code Request.FormValue} sees them) and the headers by lower-case name.
 *
 * @param method upper-case HTTP method
 * @param params parameter values in order
 * @param headers header values by lower-case name
 */
public record ApiRequest(String method, Map<String, List<String>> params, Map<String, String> headers) {
    private static final String FORM = "application/x-www-form-urlencoded";

    public ApiRequest {
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
    }

    /**
     * A request from its transport parts: parameters of a form-encoded body come before those of the URL
     * query.
     *
     * @param query the decoded URL query parameters
     * @param contentType the Content-Type header, may be {@code null}
     * @param body the request body, may be empty
     */
    public static ApiRequest of(String method, Map<String, List<String>> query, Map<String, String> headers,
            String contentType, byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body != null && body.length > 0 && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        query.forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        return new ApiRequest(method, params, h);
    }

    /** A GET request with these parameters, for tests and internal callers. */
    public static ApiRequest get(Map<String, List<String>> params) {
        return new ApiRequest("GET", params, Map.of());
    }

    /** Decodes {@code a=1&b=2} into {@code into}, keeping order. */
    public static void parseForm(String form, Map<String, List<String>> into) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                into.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
                        .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorType.BAD_DATA, "error parsing form values: invalid URL escape in " + pair);
            }
        }
    }

    /** The first value of {@code name}, or {@code ""} when absent (Go's {@code FormValue}). */
    public String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    /** All values of {@code name}. */
    public List<String> all(String name) {
        List<String> v = params.get(name);
        return v == null ? List.of() : v;
    }

    /** Whether {@code name} was given at all. */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** A header value by case-insensitive name, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
