package io.jthanos.ruler.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.ruler.http.HttpClientSettings;
import io.jthanos.ruler.http.HttpFailure;
import io.jthanos.store.PartialResponseStrategy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Queries a Prometheus-compatible HTTP API ({@code POST /api/v1/query} with {@code query},
 * {@code time}, {@code dedup=true} and {@code partial_response}) like Thanos's ruler: endpoints in
 * random order, the next one tried when one fails. Endpoints are {@code host:port} or URLs with a
 * path prefix.
 */
public final class HttpQueryClient implements QueryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query API: its base URL ({@code /api/v1/query} is appended) and how to reach it. */
    public record Target(String baseUrl, HttpClientSettings http) {}

    private final Supplier<List<Target>> targets;
    /** One client per distinct {@code http_config}: the TLS context is the client's. */
    private final Map<HttpClientSettings, HttpClient> clients = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** Endpoints from {@code --query} (and {@code --query.sd-files}): {@code host:port} or URLs, plain settings. */
    public HttpQueryClient(Supplier<List<String>> endpoints, Duration timeout) {
        this(timeout, () -> endpoints.get().stream().map(e -> new Target(baseUrl(e), HttpClientSettings.NONE)).toList());
    }

    /** Targets from {@code --query.config}, each with its own client settings. */
    public HttpQueryClient(Duration timeout, Supplier<List<Target>> targets) {
        this.targets = targets;
        this.timeout = timeout;
    }

    @Override
    public List<Sample> query(String expr, long timeMillis, PartialResponseStrategy strategy) throws QueryException {
        List<Target> order = new ArrayList<>(targets.get());
        if (order.isEmpty()) {
            throw new QueryException("no query API server reachable");
        }
        Collections.shuffle(order);
        QueryException last = null;
        for (Target target : order) {
            try {
                return queryOne(target, expr, timeMillis, strategy);
            } catch (QueryException e) {
                last = e;
            }
        }
        throw last;
    }

    static String baseUrl(String endpoint) {
        String url = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private List<Sample> queryOne(Target target, String expr, long timeMillis, PartialResponseStrategy strategy)
            throws QueryException {
        String base = target.baseUrl();
        String form = "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&time=" + seconds(timeMillis)
                + "&dedup=true&partial_response=" + (strategy == PartialResponseStrategy.WARN);
        URI uri = URI.create(base + "/api/v1/query");
        HttpRequest request = target.http().authorize(HttpRequest.newBuilder(uri)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response;
        try {
            response = clients.computeIfAbsent(target.http(), h -> h.newClient(Duration.ofSeconds(5)))
                    .send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new QueryException("perform POST request against " + uri + ": " + HttpFailure.describe("Post", uri, timeout, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException("interrupted", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new QueryException("read query response from " + base + ": status " + response.statusCode(), e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new QueryException(body.path("errorType").asText("unknown") + ": " + body.path("error").asText(
                    "status " + response.statusCode()));
        }
        return parse(body.path("data"), timeMillis);
    }

    static List<Sample> parse(JsonNode data, long timeMillis) throws QueryException {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (type) {
            case "vector" -> {
                List<Sample> out = new ArrayList<>(result.size());
                for (JsonNode s : result) {
                    LabelsBuilder b = new LabelsBuilder();
                    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        b.set(e.getKey(), e.getValue().asText());
                    }
                    JsonNode v = s.path("value");
                    if (v.isMissingNode()) {
                        continue; // native histograms are not evaluated by rules yet
                    }
                    out.add(new Sample(b.build(), timeMillis, value(v.get(1).asText())));
                }
                return out;
            }
            case "scalar" -> {
                return List.of(new Sample(io.jthanos.model.Labels.empty(), timeMillis, value(result.get(1).asText())));
            }
            default -> throw new QueryException("rule result is not a vector or scalar: " + type);
        }
    }

    private static double value(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
