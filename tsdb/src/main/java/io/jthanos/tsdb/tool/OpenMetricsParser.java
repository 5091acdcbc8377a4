package io.jthanos.tsdb.tool;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import java.io.IOException;

/**
 * A strict reader of the OpenMetrics text format samples, as far as {@code promtool tsdb
 * create-blocks-from openmetrics} needs them: {@code # TYPE/HELP/UNIT} lines are skipped, each sample
 * line {@code name{l="v",…} value [timestamp] [# exemplar]} yields labels, value and timestamp, and the
 * input must end with {@code # EOF}. Values parse like Go's {@code strconv.ParseFloat} (so {@code NaN}
 * has Go's bits {@code 0x7ff8000000000001}); timestamps are seconds, converted to milliseconds as
 * Prometheus does ({@code int64(ts * 1000)}). Label values unescape {@code \\}, {@code \"} and {@code \n}.
 */
public final class OpenMetricsParser {
    /** {@code math.NaN()} of Go. */
    public static final long GO_NAN_BITS = 0x7ff8000000000001L;

    private final String in;
    private int pos;
    private int line = 1;
    private boolean eof;

    private Labels labels;
    private double value;
    private long timestamp;
    private boolean hasTimestamp;

    public OpenMetricsParser(String input) {
        this.in = input;
    }

    /** Advances to the next sample; {@code false} after {@code # EOF}. */
    public boolean next() throws IOException {
        while (true) {
            if (eof) {
                return false;
            }
            if (pos >= in.length()) {
                throw error("data does not end with # EOF");
            }
            int end = in.indexOf('\n', pos);
            if (end < 0) {
                end = in.length();
            }
            String l = in.substring(pos, end);
            pos = end + 1;
            int lineNo = line++;
            if (l.startsWith("#")) {
                if (l.equals("# EOF")) {
                    eof = true;
                    if (pos < in.length()) {
                        throw error("unexpected data after # EOF");
                    }
                    return false;
                }
                if (l.startsWith("# TYPE ") || l.startsWith("# HELP ") || l.startsWith("# UNIT ")) {
                    continue;
                }
                throw new IOException("line " + lineNo + ": invalid comment " + l);
            }
            if (l.isEmpty()) {
                throw new IOException("line " + lineNo + ": empty line");
            }
            parseSample(l, lineNo);
            return true;
        }
    }

    private IOException error(String msg) {
        return new IOException("line " + line + ": " + msg);
    }

    private void parseSample(String l, int lineNo) throws IOException {
        int i = 0;
        while (i < l.length() && isNameChar(l.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IOException("line " + lineNo + ": expected metric name in " + l);
        }
        LabelsBuilder b = new LabelsBuilder();
        b.set(Labels.METRIC_NAME, l.substring(0, i));
        if (i < l.length() && l.charAt(i) == '{') {
            i++;
            while (true) {
                if (i < l.length() && l.charAt(i) == '}') {
                    i++;
                    break;
                }
                int ns = i;
                while (i < l.length() && isNameChar(l.charAt(i), i == ns)) {
                    i++;
                }
                if (i == ns || i + 1 >= l.length() || l.charAt(i) != '=' || l.charAt(i + 1) != '"') {
                    throw new IOException("line " + lineNo + ": invalid label in " + l);
                }
                String name = l.substring(ns, i);
                i += 2;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= l.length()) {
                        throw new IOException("line " + lineNo + ": unterminated label value in " + l);
                    }
                    char c = l.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && i < l.length()) {
                        char e = l.charAt(i);
                        if (e == '\\' || e == '"') {
                            v.append(e);
                            i++;
                            continue;
                        }
                        if (e == 'n') {
                            v.append('\n');
                            i++;
                            continue;
                        }
                    }
                    v.append(c);
                }
                if (b.contains(name)) {
                    throw new IOException("line " + lineNo + ": duplicate label name " + name);
                }
                b.set(name, v.toString());
                if (i < l.length() && l.charAt(i) == ',') {
                    i++;
                } else if (i >= l.length() || l.charAt(i) != '}') {
                    throw new IOException("line " + lineNo + ": expected , or } in " + l);
                }
            }
        }
        if (i >= l.length() || l.charAt(i) != ' ') {
            throw new IOException("line " + lineNo + ": expected value in " + l);
        }
        String rest = l.substring(i + 1);
        int ex = rest.indexOf(" # ");
        if (ex >= 0) {
            rest = rest.substring(0, ex);
        }
        String[] parts = rest.split(" ", -1);
        if (parts.length < 1 || parts.length > 2) {
            throw new IOException("line " + lineNo + ": invalid sample " + l);
        }
        value = parseFloat(parts[0], lineNo);
        hasTimestamp = parts.length == 2;
        if (hasTimestamp) {
            double ts = parseFloat(parts[1], lineNo);
            if (Double.isNaN(ts) || Double.isInfinite(ts)) {
                throw new IOException("line " + lineNo + ": invalid timestamp " + parts[1]);
            }
            timestamp = (long) (ts * 1000);
        }
        labels = b.build();
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    /** Go's {@code strconv.ParseFloat(s, 64)} for decimal input, with Go's NaN bits. */
    static double parseFloat(String s, int lineNo) throws IOException {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        boolean neg = s.startsWith("-");
        switch (t.toLowerCase()) {
            case "nan" -> {
                return Double.longBitsToDouble(GO_NAN_BITS);
            }
            case "inf", "infinity" -> {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            default -> { }
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
            throw new IOException("line " + lineNo + ": invalid float " + s);
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IOException("line " + lineNo + ": invalid float " + s, e);
        }
    }

    public Labels labels() {
        return labels;
    }

    public double value() {
        return value;
    }

    /** The timestamp in milliseconds; valid when {@link #hasTimestamp()}. */
    public long timestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }
}
