package io.jthanos.promql.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.Matrix;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.promql.engine.RangeSeries;
import io.jthanos.promql.engine.Sample;
import io.jthanos.promql.engine.Scalar;
import io.jthanos.promql.engine.StringValue;
import io.jthanos.promql.engine.Vector;
import io.jthanos.storage.Annotation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A query's outcome in a form both engines map to: an error (type and message), or a result type, its
 * series (labels, timestamps in milliseconds, values) and the annotations.
 */
public record Outcome(String errorType, String error, String resultType, List<OutSeries> series, String string,
        TreeSet<String> warnings, TreeSet<String> infos) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** One series; a vector sample is a series of one point. */
    record OutSeries(TreeMap<String, String> labels, long[] timestamps, double[] values) {
        String key() {
            return labels.toString();
        }
    }

    public boolean failed() {
        return errorType != null;
    }

    static Outcome failure(String type, String message) {
        return new Outcome(type, message, null, List.of(), null, new TreeSet<>(), new TreeSet<>());
    }

    /** Parses a response body of {@code /api/v1/query} or {@code /api/v1/query_range}. */
    public static Outcome fromPrometheus(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (!"success".equals(root.path("status").asText())) {
            // The HTTP API prefixes errors in query parameters; the engine's message follows.
            return failure(root.path("errorType").asText(),
                    root.path("error").asText().replaceFirst("^invalid parameter \"query\": ", ""));
        }
        TreeSet<String> warnings = strings(root.path("warnings"));
        TreeSet<String> infos = strings(root.path("infos"));
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<OutSeries> series = new ArrayList<>();
        String string = null;
        switch (type) {
            case "vector" -> {
                for (JsonNode s : result) {
                    JsonNode v = s.path("value");
                    series.add(new OutSeries(labels(s.path("metric")), new long[] {millis(v.get(0))},
                            new double[] {value(v.get(1).asText())}));
                }
            }
            case "matrix" -> {
                for (JsonNode s : result) {
                    JsonNode vs = s.path("values");
                    long[] ts = new long[vs.size()];
                    double[] v = new double[vs.size()];
                    for (int i = 0; i < vs.size(); i++) {
                        ts[i] = millis(vs.get(i).get(0));
                        v[i] = value(vs.get(i).get(1).asText());
                    }
                    series.add(new OutSeries(labels(s.path("metric")), ts, v));
                }
            }
            case "scalar" -> series.add(new OutSeries(new TreeMap<>(), new long[] {millis(result.get(0))},
                    new double[] {value(result.get(1).asText())}));
            case "string" -> {
                string = result.get(1).asText();
                series.add(new OutSeries(new TreeMap<>(), new long[] {millis(result.get(0))}, new double[0]));
            }
            default -> throw new IOException("unknown result type " + type + " in " + body);
        }
        return new Outcome(null, null, type, series, string, warnings, infos);
    }

    /** Maps our engine's result. */
    static Outcome fromEngine(QueryResult r) {
        TreeSet<String> warnings = new TreeSet<>(r.annotations().messages(Annotation.Severity.WARNING));
        TreeSet<String> infos = new TreeSet<>(r.annotations().messages(Annotation.Severity.INFO));
        List<OutSeries> series = new ArrayList<>();
        String type;
        String string = null;
        switch (r.value()) {
            case Vector v -> {
                type = "vector";
                for (Sample s : v.samples()) {
                    series.add(new OutSeries(labels(s.labels()), new long[] {s.timestamp()}, new double[] {s.value()}));
                }
            }
            case Matrix m -> {
                type = "matrix";
                for (RangeSeries s : m.series()) {
                    series.add(new OutSeries(labels(s.labels()), s.timestamps(), s.values()));
                }
            }
            case Scalar s -> {
                type = "scalar";
                series.add(new OutSeries(new TreeMap<>(), new long[] {s.timestamp()}, new double[] {s.value()}));
            }
            case StringValue s -> {
                type = "string";
                string = s.value();
                series.add(new OutSeries(new TreeMap<>(), new long[] {s.timestamp()}, new double[0]));
            }
        }
        return new Outcome(null, null, type, series, string, warnings, infos);
    }

    /** The series sorted by labels, for results whose order carries no meaning. */
    List<OutSeries> sorted() {
        List<OutSeries> l = new ArrayList<>(series);
        l.sort(Comparator.comparing(OutSeries::key));
        return l;
    }

    private static TreeMap<String, String> labels(Labels l) {
        return new TreeMap<>(l.toMap());
    }

    private static TreeMap<String, String> labels(JsonNode metric) {
        TreeMap<String, String> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : metric.properties()) {
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static TreeSet<String> strings(JsonNode array) {
        TreeSet<String> s = new TreeSet<>();
        for (JsonNode n : array) {
            s.add(n.asText());
        }
        return s;
    }

    private static long millis(JsonNode seconds) {
        return seconds.decimalValue().movePointRight(3).longValueExact();
    }

    private static double value(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
