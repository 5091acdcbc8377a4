package io.jthanos.query.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Timestamp;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.proto.labelpb.LabelSet;
import io.jthanos.proto.rulespb.Alert;
import io.jthanos.proto.rulespb.AlertInstance;
import io.jthanos.proto.rulespb.RecordingRule;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Response bodies of {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus's JSON format, with
 * Thanos's {@code partialResponseStrategy} on groups and alerts and {@code warnings} when there are any, as
 * the Thanos ruler and querier write them from {@code thanos.Rules} messages.
 */
public final class RulesJson {
    private static final JsonFactory JSON = new JsonFactory();

    private RulesJson() {}

    /** {@code {"status":"success","data":{"groups":[…]}}}. */
    public static byte[] rules(List<RuleGroup> groups, List<String> warnings) {
        return success(warnings, g -> {
            g.writeArrayFieldStart("groups");
            for (RuleGroup group : groups) {
                group(g, group);
            }
            g.writeEndArray();
        });
    }

    /** {@code {"status":"success","data":{"alerts":[…]}}}: the alert instances of every alerting rule in {@code groups}. */
    public static byte[] alerts(List<RuleGroup> groups, List<String> warnings) {
        return success(warnings, g -> {
            g.writeArrayFieldStart("alerts");
            for (RuleGroup group : groups) {
                for (Rule r : group.getRulesList()) {
                    for (AlertInstance a : r.getAlert().getAlertsList()) {
                        alert(g, a);
                    }
                }
            }
            g.writeEndArray();
        });
    }

    /** {@code {"status":"error","errorType":…,"error":…}}. */
    public static byte[] error(String errorType, String message) {
        return write(g -> {
            g.writeStringField("status", "error");
            g.writeStringField("errorType", errorType);
            g.writeStringField("error", message);
        });
    }

    private static void group(JsonGenerator g, RuleGroup group) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", group.getName());
        g.writeStringField("file", group.getFile());
        g.writeArrayFieldStart("rules");
        for (Rule r : group.getRulesList()) {
            switch (r.getResultCase()) {
                case ALERT -> alerting(g, r.getAlert());
                case RECORDING -> recording(g, r.getRecording());
                case RESULT_NOT_SET -> { }
            }
        }
        g.writeEndArray();
        number(g, "interval", group.getInterval());
        g.writeNumberField("limit", group.getLimit());
        number(g, "evaluationTime", group.getEvaluationDurationSeconds());
        g.writeStringField("lastEvaluation", time(group.getLastEvaluation()));
        g.writeStringField("partialResponseStrategy", group.getPartialResponseStrategy().name());
        g.writeEndObject();
    }

    private static void alerting(JsonGenerator g, Alert a) throws IOException {
        g.writeStartObject();
        g.writeStringField("state", a.getState().name().toLowerCase(Locale.ROOT));
        g.writeStringField("name", a.getName());
        g.writeStringField("query", a.getQuery());
        number(g, "duration", a.getDurationSeconds());
        number(g, "keepFiringFor", a.getKeepFiringForSeconds());
        labels(g, "labels", a.getLabels());
        labels(g, "annotations", a.getAnnotations());
        g.writeArrayFieldStart("alerts");
        for (AlertInstance i : a.getAlertsList()) {
            alert(g, i);
        }
        g.writeEndArray();
        health(g, a.getHealth(), a.getLastError(), a.getEvaluationDurationSeconds(), a.getLastEvaluation());
        g.writeStringField("type", "alerting");
        g.writeEndObject();
    }

    private static void recording(JsonGenerator g, RecordingRule r) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", r.getName());
        g.writeStringField("query", r.getQuery());
        if (r.getLabels().getLabelsCount() > 0) {
            // Prometheus omits a recording rule's empty labels (an alerting rule's it writes as {}).
            labels(g, "labels", r.getLabels());
        }
        health(g, r.getHealth(), r.getLastError(), r.getEvaluationDurationSeconds(), r.getLastEvaluation());
        g.writeStringField("type", "recording");
        g.writeEndObject();
    }

    private static void health(JsonGenerator g, String health, String lastError, double seconds, Timestamp last)
            throws IOException {
        g.writeStringField("health", health);
        if (!lastError.isEmpty()) {
            g.writeStringField("lastError", lastError);
        }
        number(g, "evaluationTime", seconds);
        g.writeStringField("lastEvaluation", time(last));
    }

    private static void alert(JsonGenerator g, AlertInstance a) throws IOException {
        g.writeStartObject();
        labels(g, "labels", a.getLabels());
        labels(g, "annotations", a.getAnnotations());
        g.writeStringField("state", a.getState().name().toLowerCase(Locale.ROOT));
        if (a.hasActiveAt()) {
            g.writeStringField("activeAt", time(a.getActiveAt()));
        }
        g.writeStringField("value", a.getValue());
        g.writeStringField("partialResponseStrategy", a.getPartialResponseStrategy().name());
        g.writeEndObject();
    }

    private static void labels(JsonGenerator g, String field, LabelSet set) throws IOException {
        g.writeObjectFieldStart(field);
        for (Label l : set.getLabelsList()) {
            g.writeStringField(l.getName(), l.getValue());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(goNumber(v));
    }

    /**
     * Go's {@code encoding/json} form of a float64: the shortest decimal that reads back as {@code v}, plain
     * for 1e-6 ≤ |v| < 1e21 ({@code 1}, {@code 0.000331744}), else with an exponent ({@code 5e-7}, {@code 1e+21}).
     */
    static String goNumber(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        double abs = Math.abs(v);
        if (abs >= 1e-6 && abs < 1e21) {
            return d.toPlainString();
        }
        String e = RuleProtos.alertValue(v);
        return e.replaceFirst("e([+-])0(\\d)$", "e$1$2");
    }

    /** Go's {@code time.Time} JSON form (RFC 3339 with the fraction's trailing zeros dropped), in UTC. */
    static String time(Timestamp t) {
        LocalDateTime dt = LocalDateTime.ofEpochSecond(t.getSeconds(), 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
                dt.getYear(), dt.getMonthValue(), dt.getDayOfMonth(), dt.getHour(), dt.getMinute(), dt.getSecond()));
        if (t.getNanos() != 0) {
            String fraction = String.format(Locale.ROOT, "%09d", t.getNanos()).replaceFirst("0+$", "");
            s.append('.').append(fraction);
        }
        return s.append('Z').toString();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] success(List<String> warnings, Body data) {
        return write(g -> {
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            data.write(g);
            g.writeEndObject();
            if (!warnings.isEmpty()) {
                g.writeArrayFieldStart("warnings");
                for (String w : warnings) {
                    g.writeString(w);
                }
                g.writeEndArray();
            }
        });
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
