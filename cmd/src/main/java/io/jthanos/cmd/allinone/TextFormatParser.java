package io.jthanos.cmd.allinone;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal parser of the Prometheus text exposition format (0.0.4): one sample per line as
 * {@code name{label="value",…} value [timestamp_ms]}; comments ({@code # HELP}, {@code # TYPE}) and
 * blank lines are skipped. Enough to ingest our own {@code /metrics}; not a full OpenMetrics parser.
 */
public final class TextFormatParser {

    /**
     * One parsed sample.
     *
     * @param labels the metric name as {@code __name__} plus the labels
     * @param timestamp the sample's own timestamp in milliseconds, or {@code null} when the line has none
     */
    public record Sample(Labels labels, double value, Long timestamp) {}

    private TextFormatParser() {}

    /**
     * Parses every sample line of {@code text}.
     *
     * @throws IllegalArgumentException naming the line number for a malformed line
     */
    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                out.add(parseLine(l));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return out;
    }

    private static Sample parseLine(String l) {
        LabelsBuilder b = new LabelsBuilder(Labels.empty());
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && !Character.isWhitespace(l.charAt(i))) {
            i++;
        }
        String name = l.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing metric name");
        }
        b.set(Labels.METRIC_NAME, name);
        if (i < l.length() && l.charAt(i) == '{') {
            i = parseLabels(l, i + 1, b);
        }
        String[] rest = l.substring(i).strip().split("\\s+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        Long ts = rest.length == 2 ? Long.parseLong(rest[1]) : null;
        return new Sample(b.build(), parseValue(rest[0]), ts);
    }

    /** Parses {@code name="value",…}} from {@code i}; returns the index after the closing brace. */
    private static int parseLabels(String l, int i, LabelsBuilder b) {
        while (true) {
            while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == ',')) {
                i++;
            }
            if (i >= l.length()) {
                throw new IllegalArgumentException("unterminated label set");
            }
            if (l.charAt(i) == '}') {
                return i + 1;
            }
            int eq = l.indexOf('=', i);
            if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("expected label=\"value\"");
            }
            String labelName = l.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= l.length()) {
                    throw new IllegalArgumentException("unterminated label value");
                }
                char c = l.charAt(j++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && j < l.length()) {
                    char e = l.charAt(j++);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            b.set(labelName, value.toString());
            i = j;
        }
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
