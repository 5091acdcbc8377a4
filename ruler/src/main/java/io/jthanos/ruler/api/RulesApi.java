package io.jthanos.ruler.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.model.Labels;
import io.jthanos.ruler.eval.Alert;
import io.jthanos.ruler.eval.AlertState;
import io.jthanos.ruler.eval.AlertingRule;
import io.jthanos.ruler.eval.EvalRule;
import io.jthanos.ruler.eval.Group;
import io.jthanos.ruler.eval.RecordingRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/rules} and {@code GET /api/v1/alerts} in Prometheus's JSON format, with
 * Thanos's {@code partialResponseStrategy} on groups and alerts, as the Thanos ruler serves them.
 */
public final class RulesApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<List<Group>> groups;

    public RulesApi(Supplier<List<Group>> groups) {
        this.groups = groups;
    }

    /**
     * The rules response body.
     *
     * @param type {@code alert}, {@code record} or null for both (Prometheus's {@code type} parameter)
     */
    public byte[] rules(String type) {
        if (type != null && !type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            return error("bad_data", "invalid query parameter type='" + type + "'; expected one of alert, record");
        }
        return write(g -> {
            g.writeObjectFieldStart("data");
            g.writeArrayFieldStart("groups");
            for (Group group : groups.get()) {
                g.writeStartObject();
                g.writeStringField("name", group.name());
                g.writeStringField("file", group.file());
                g.writeArrayFieldStart("rules");
                for (EvalRule r : group.rules()) {
                    boolean alerting = r instanceof AlertingRule;
                    if (type != null && !type.isEmpty() && alerting != type.equals("alert")) {
                        continue;
                    }
                    rule(g, r, group);
                }
                g.writeEndArray();
                g.writeNumberField("interval", group.intervalMillis() / 1000.0);
                g.writeNumberField("limit", group.limit());
                g.writeNumberField("evaluationTime", group.lastDurationSeconds());
                g.writeStringField("lastEvaluation", GoJson.time(group.lastEvaluation()));
                g.writeStringField("partialResponseStrategy", group.strategy().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The alerts response body: every pending and firing alert. */
    public byte[] alerts() {
        return write(g -> {
            g.writeObjectFieldStart("data");
            g.writeArrayFieldStart("alerts");
            for (Group group : groups.get()) {
                for (EvalRule r : group.rules()) {
                    if (r instanceof AlertingRule a) {
                        for (Alert alert : a.alerts()) {
                            if (alert.state() != AlertState.INACTIVE) {
                                alert(g, alert, group);
                            }
                        }
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void rule(JsonGenerator g, EvalRule r, Group group) throws IOException {
        g.writeStartObject();
        switch (r) {
            case AlertingRule a -> {
                g.writeStringField("state", a.state().wireName());
                g.writeStringField("name", a.name());
                g.writeStringField("query", a.expr());
                g.writeNumberField("duration", a.holdMillis() / 1000.0);
                g.writeNumberField("keepFiringFor", a.keepFiringForMillis() / 1000.0);
                labels(g, "labels", a.labels());
                map(g, "annotations", a.annotations());
                g.writeArrayFieldStart("alerts");
                for (Alert alert : a.alerts()) {
                    if (alert.state() != AlertState.INACTIVE) {
                        alert(g, alert, group);
                    }
                }
                g.writeEndArray();
                health(g, r);
                g.writeStringField("type", "alerting");
            }
            case RecordingRule rec -> {
                g.writeStringField("name", rec.name());
                g.writeStringField("query", rec.expr());
                labels(g, "labels", rec.labels());
                health(g, r);
                g.writeStringField("type", "recording");
            }
        }
        g.writeEndObject();
    }

    private static void health(JsonGenerator g, EvalRule r) throws IOException {
        g.writeStringField("health", r.health().wireName());
        if (!r.lastError().isEmpty()) {
            g.writeStringField("lastError", r.lastError());
        }
        g.writeNumberField("evaluationTime", r.evaluationSeconds());
        g.writeStringField("lastEvaluation", GoJson.time(r.lastEvaluation()));
    }

    private static void alert(JsonGenerator g, Alert a, Group group) throws IOException {
        g.writeStartObject();
        labels(g, "labels", a.labels());
        map(g, "annotations", a.annotations());
        g.writeStringField("state", a.state().wireName());
        g.writeStringField("activeAt", GoJson.time(a.activeAt()));
        if (a.keepFiringSince() != 0) {
            g.writeStringField("keepFiringSince", GoJson.time(a.keepFiringSince()));
        }
        g.writeStringField("value", GoJson.floatE(a.value()));
        g.writeStringField("partialResponseStrategy", group.strategy().name());
        g.writeEndObject();
    }

    private static void labels(JsonGenerator g, String field, Labels labels) throws IOException {
        g.writeObjectFieldStart(field);
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    private static void map(JsonGenerator g, String field, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("status", "success");
                body.write(g);
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] error(String type, String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("status", "error", "errorType", type, "error", message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
