package io.jthanos.ruler.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.ruler.http.HttpFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import io.jthanos.ruler.http.HttpClientSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert batches to every Alertmanager at once ({@code POST <base>/api/v2/alerts}), like
 * Thanos's {@code alert.Sender}: a batch counts as delivered when at least one Alertmanager took it.
 */
public final class AlertmanagerSender {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AlertmanagerConfig.Endpoint> endpoints;
    private final AlertSenderMetrics metrics;
    /** One client per distinct {@code http_config}: the TLS context is the client's. */
    private final Map<HttpClientSettings, HttpClient> clients = new HashMap<>();

    AlertmanagerSender(List<AlertmanagerConfig.Endpoint> endpoints, AlertSenderMetrics metrics) {
        this.endpoints = List.copyOf(endpoints);
        this.metrics = metrics;
        for (AlertmanagerConfig.Endpoint e : this.endpoints) {
            clients.computeIfAbsent(e.http(), h -> h.newClient(Duration.ofSeconds(10)));
        }
    }

    /** Sends {@code alerts}; returns whether any Alertmanager accepted them. */
    boolean send(List<PostableAlert> alerts) {
        if (alerts.isEmpty() || endpoints.isEmpty()) {
            return true;
        }
        byte[] body = encode(alerts);
        List<CompletableFuture<Boolean>> sends = new ArrayList<>();
        for (AlertmanagerConfig.Endpoint e : endpoints) {
            URI uri = URI.create(e.baseUrl() + "/api/v2/alerts");
            String label = e.baseUrl().getAuthority();
            HttpRequest request = e.http().authorize(HttpRequest.newBuilder(uri)).timeout(e.timeout())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long start = System.nanoTime();
            sends.add(clients.get(e.http()).sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    metrics.latency(label).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    metrics.sent(label).increment(alerts.size());
                    return true;
                }
                metrics.errors(label).increment();
                LOG.atWarn().addKeyValue("alertmanager", uri)
                        .addKeyValue("err", error != null ? HttpFailure.describe("Post", uri, e.timeout(), error)
                                : "bad response status " + response.statusCode() + ": " + response.body())
                        .log("sending alerts failed");
                return false;
            }));
        }
        boolean any = false;
        for (CompletableFuture<Boolean> f : sends) {
            any |= f.join();
        }
        if (!any) {
            metrics.senderDropped.increment(alerts.size());
        }
        return any;
    }

    static byte[] encode(List<PostableAlert> alerts) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                g.writeStartArray();
                for (PostableAlert a : alerts) {
                    g.writeStartObject();
                    g.writeObjectFieldStart("labels");
                    a.labels().forEach((k, v) -> {
                        try {
                            g.writeStringField(k, v);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    g.writeEndObject();
                    g.writeObjectFieldStart("annotations");
                    for (Map.Entry<String, String> e : a.annotations().entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                    g.writeStringField("startsAt", rfc3339(a.startsAt()));
                    g.writeStringField("endsAt", rfc3339(a.endsAt()));
                    g.writeStringField("generatorURL", a.generatorUrl());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String rfc3339(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }
}
