package io.jthanos.cmd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A client of the Prometheus HTTP API (Prometheus itself or our querier) that turns query results into
 * a comparable form: series key (sorted labels, minus ignored labels) → {@code "t=v"} sample strings.
 */
final class PromApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Set<String> ignoredLabels;

    /**
     * @param base e.g. {@code http://127.0.0.1:9090}
     * @param ignoredLabels labels dropped from result series (e.g. the receive tenant label, an external label
     *     Prometheus's own answers do not carry)
     */
    PromApi(String base, Set<String> ignoredLabels) {
        this.base = base;
        this.ignoredLabels = ignoredLabels;
    }

    String base() {
        return base;
    }

    /** GET {@code path}; the status code and body, or status -1 when the server is unreachable. */
    static HttpResult get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body());
        } catch (IOException e) {
            return new HttpResult(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpResult(-1, e.toString());
        }
    }

    record HttpResult(int status, String body) {}

    JsonNode json(String path) throws IOException {
        HttpResult r = get(base + path);
        if (r.status() != 200) {
            throw new IOException("GET " + base + path + ": " + r.status() + " " + r.body());
        }
        return MAPPER.readTree(r.body());
    }

    /** An instant query at {@code time} (seconds). */
    Map<String, List<String>> instant(String query, long time) throws IOException {
        return result(json("/api/v1/query?query=" + enc(query) + "&time=" + time));
    }

    /** A range query over {@code [start, end]} (seconds). */
    Map<String, List<String>> range(String query, long start, long end, long step) throws IOException {
        return result(json("/api/v1/query_range?query=" + enc(query) + "&start=" + start + "&end=" + end + "&step=" + step));
    }

    private Map<String, List<String>> result(JsonNode root) throws IOException {
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("query failed: " + root);
        }
        JsonNode data = root.path("data");
        Map<String, List<String>> out = new TreeMap<>();
        String type = data.path("resultType").asText();
        if (type.equals("scalar") || type.equals("string")) {
            out.put("", List.of(sample(data.path("result"))));
            return out;
        }
        for (JsonNode series : data.path("result")) {
            TreeMap<String, String> labels = new TreeMap<>();
            series.path("metric").properties().forEach(e -> {
                if (!ignoredLabels.contains(e.getKey())) {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
            List<String> samples = new ArrayList<>();
            if (series.has("value")) {
                samples.add(sample(series.path("value")));
            }
            for (JsonNode v : series.path("values")) {
                samples.add(sample(v));
            }
            if (out.put(labels.toString(), samples) != null) {
                throw new IOException("duplicate series " + labels + " in " + root);
            }
        }
        return out;
    }

    private static String sample(JsonNode pair) {
        return pair.get(0).asText() + "=" + pair.get(1).asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
