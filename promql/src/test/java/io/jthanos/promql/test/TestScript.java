package io.jthanos.promql.test;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.model.ModelDuration;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.Matrix;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.promql.engine.RangeSeries;
import io.jthanos.promql.engine.Sample;
import io.jthanos.promql.engine.Scalar;
import io.jthanos.promql.engine.StringValue;
import io.jthanos.promql.engine.Value;
import io.jthanos.promql.engine.Vector;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.promql.parser.VectorSelector;
import io.jthanos.storage.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Our PromQL test-script format, in the spirit of Prometheus's {@code promqltest}:
 *
 * <pre>
 * # comment
 * load 1m
 *   http_requests{job="api"}  0+10x10 _ stale 5
 * clear
 * eval instant at 5m sum(http_requests)
 *   {} 50
 * eval range from 0 to 10m step 1m http_requests
 *   http_requests{job="api"} 0+10x10
 * eval instant at 0 foo + on() group_left bar
 *   expect fail msg: many-to-many matching not allowed: matching labels must be unique on one side
 * eval instant at 0 rate(foo[5m])
 *   expect info
 *   expect ordered
 * </pre>
 *
 * Values use the expanding notation {@code a+bxn} (n+1 values), {@code axn}, {@code _} (no sample),
 * {@code _xn}, and {@code stale}. {@code expect fail} optionally checks the message with
 * {@code msg:} (suffix match) or {@code regex:}; {@code expect warn}/{@code expect info} require an
 * annotation of that severity; {@code expect no_warn}/{@code no_info} forbid it. Without expectations,
 * annotations are not checked. Values compare equal within 1e-6 relative or absolute; NaN equals NaN.
 */
public final class TestScript {

    /** One {@code eval} command, runnable as a test. */
    public record Eval(String file, int line, String text, Runnable check) {
    }

    private static final double EPSILON = 1e-6;

    private final String file;
    private final MemoryStorage storage = new MemoryStorage();
    private EngineOptions options = EngineOptions.DEFAULT.withParserOptions(ParserOptions.ALL);

    private TestScript(String file) {
        this.file = file;
    }

    /** Parses a script; loads and clears run in order as the returned evals run in order. */
    public static List<Eval> parse(String file, String content) {
        TestScript s = new TestScript(file);
        return s.parseAll(content.split("\n", -1));
    }

    private List<Eval> parseAll(String[] lines) {
        List<Eval> evals = new ArrayList<>();
        List<Runnable> pending = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String raw = lines[i];
            String line = raw.strip();
            int lineNo = i + 1;
            i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("load ")) {
                long interval = durationMillis(line.substring(5).strip());
                List<String> body = new ArrayList<>();
                while (i < lines.length && isIndented(lines[i])) {
                    body.add(lines[i].strip());
                    i++;
                }
                pending.add(() -> load(interval, body, lineNo));
            } else if (line.equals("clear")) {
                pending.add(storage::clear);
            } else if (line.startsWith("lookback_delta ")) {
                Duration d = Duration.ofMillis(durationMillis(line.substring(15).strip()));
                pending.add(() -> options = options.withLookbackDelta(d));
            } else if (line.startsWith("eval")) {
                List<String> body = new ArrayList<>();
                while (i < lines.length && isIndented(lines[i])) {
                    String b = lines[i].strip();
                    if (!b.isEmpty() && !b.startsWith("#")) {
                        body.add(b);
                    }
                    i++;
                }
                List<Runnable> setup = List.copyOf(pending);
                pending.clear();
                Runnable check = evalCommand(line, body, lineNo);
                evals.add(new Eval(file, lineNo, line, () -> {
                    setup.forEach(Runnable::run);
                    check.run();
                }));
            } else {
                throw new IllegalArgumentException(file + ":" + lineNo + ": unknown command: " + line);
            }
        }
        return evals;
    }

    private static boolean isIndented(String line) {
        return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
    }

    static long durationMillis(String s) {
        try {
            return ModelDuration.parseMillis(s);
        } catch (IllegalArgumentException e) {
            return Math.round(Double.parseDouble(s) * 1000);
        }
    }

    private void load(long interval, List<String> body, int lineNo) {
        for (String l : body) {
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            SeriesLine s = seriesLine(l, lineNo);
            for (int k = 0; k < s.values().size(); k++) {
                Double v = s.values().get(k);
                if (v != null) {
                    storage.add(s.labels(), k * interval, v);
                }
            }
        }
    }

    /** A series description: labels and expanded values ({@code null} for {@code _}). */
    record SeriesLine(Labels labels, List<Double> values) {
    }

    static SeriesLine seriesLine(String line, int lineNo) {
        int split;
        int brace = line.indexOf('{');
        int space = firstSpace(line);
        if (brace >= 0 && (space < 0 || brace < space)) {
            split = closingBrace(line, brace) + 1;
        } else {
            split = space < 0 ? line.length() : space;
        }
        String metric = line.substring(0, split).strip();
        Labels labels = labelsOf(metric);
        List<Double> values = new ArrayList<>();
        for (String tok : line.substring(split).strip().split("\\s+")) {
            if (!tok.isEmpty()) {
                expand(tok, values, lineNo);
            }
        }
        return new SeriesLine(labels, values);
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int closingBrace(String s, int open) {
        boolean inString = false;
        char quote = 0;
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                inString = true;
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed brace in " + s);
    }

    static Labels labelsOf(String metric) {
        if (metric.equals("{}")) {
            return Labels.empty();
        }
        VectorSelector vs = (VectorSelector) Parser.parse(metric, ParserOptions.ALL);
        LabelsBuilder b = new LabelsBuilder();
        for (Matcher m : vs.matchers()) {
            if (m.type() != MatchType.EQUAL) {
                throw new IllegalArgumentException("series descriptions take only = matchers: " + metric);
            }
            b.set(m.name(), m.value());
        }
        return b.build();
    }

    private static final Pattern REPEAT = Pattern.compile("^(.+?)x(\\d+)$");

    static void expand(String tok, List<Double> out, int lineNo) {
        if (tok.equals("_")) {
            out.add(null);
            return;
        }
        if (tok.equals("stale")) {
            out.add(Double.longBitsToDouble(0x7ff0000000000002L));
            return;
        }
        var m = REPEAT.matcher(tok);
        if (m.matches()) {
            String base = m.group(1);
            int times = Integer.parseInt(m.group(2));
            if (base.equals("_")) {
                for (int k = 0; k < times; k++) {
                    out.add(null);
                }
                return;
            }
            int op = -1;
            for (int k = 1; k < base.length(); k++) {
                char c = base.charAt(k);
                char prev = base.charAt(k - 1);
                if ((c == '+' || c == '-') && prev != 'e' && prev != 'E') {
                    op = k;
                    break;
                }
            }
            double start = number(op < 0 ? base : base.substring(0, op), lineNo);
            double delta = op < 0 ? 0 : number(base.substring(op), lineNo);
            double v = start;
            for (int k = 0; k <= times; k++) {
                out.add(v);
                v += delta;
            }
            return;
        }
        out.add(number(tok, lineNo));
    }

    static double number(String s, int lineNo) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        return switch (t) {
            case "Inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": bad number " + s);
                }
            }
        };
    }

    // ---- eval ----

    private record Expectations(boolean fail, String failMsg, Pattern failRegex, Boolean warn, Boolean info, boolean ordered) {
    }

    private Runnable evalCommand(String line, List<String> body, int lineNo) {
        String rest;
        boolean fail = false;
        Boolean warn = null;
        Boolean info = null;
        boolean ordered = false;
        String head = line.substring(0, line.indexOf(' '));
        switch (head) {
            case "eval" -> {
            }
            case "eval_fail" -> fail = true;
            case "eval_warn" -> warn = true;
            case "eval_info" -> info = true;
            case "eval_ordered" -> ordered = true;
            default -> throw new IllegalArgumentException(file + ":" + lineNo + ": unknown command " + head);
        }
        rest = line.substring(head.length()).strip();
        String failMsg = null;
        Pattern failRegex = null;
        List<String> results = new ArrayList<>();
        for (String b : body) {
            if (b.startsWith("expect ")) {
                String e = b.substring(7).strip();
                if (e.startsWith("fail")) {
                    fail = true;
                    String m = e.substring(4).strip();
                    if (m.startsWith("msg:")) {
                        failMsg = m.substring(4).strip();
                    } else if (m.startsWith("regex:")) {
                        failRegex = Pattern.compile(m.substring(6).strip());
                    }
                } else if (e.startsWith("warn")) {
                    warn = true;
                } else if (e.startsWith("no_warn")) {
                    warn = false;
                } else if (e.startsWith("info")) {
                    info = true;
                } else if (e.startsWith("no_info")) {
                    info = false;
                } else if (e.equals("ordered")) {
                    ordered = true;
                } else {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": unknown expectation " + b);
                }
            } else {
                results.add(b);
            }
        }
        Expectations ex = new Expectations(fail, failMsg, failRegex, warn, info, ordered);
        String where = file + ":" + lineNo;
        if (rest.startsWith("instant at ")) {
            String[] p = rest.substring(11).strip().split("\\s+", 2);
            long t = durationMillis(p[0]);
            String query = p[1];
            return () -> runInstant(where, query, t, results, ex);
        }
        if (rest.startsWith("range from ")) {
            var m = Pattern.compile("^range from (\\S+) to (\\S+) step (\\S+) (.+)$").matcher(rest);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + ": bad range eval: " + rest);
            }
            long start = durationMillis(m.group(1));
            long end = durationMillis(m.group(2));
            long step = durationMillis(m.group(3));
            String query = m.group(4);
            return () -> runRange(where, query, start, end, step, results, ex);
        }
        throw new IllegalArgumentException(where + ": bad eval: " + rest);
    }

    private QueryResult execute(String where, String query, boolean range, long start, long end, long step, Expectations ex) {
        Engine engine = new Engine(options);
        QueryResult r;
        try {
            r = range
                    ? engine.rangeQuery(storage, query, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), Duration.ofMillis(step)).execute()
                    : engine.instantQuery(storage, query, Instant.ofEpochMilli(start)).execute();
        } catch (ParseException | QueryException | IllegalArgumentException e) {
            if (!ex.fail()) {
                throw new AssertionError(where + ": unexpected error for " + query + ": " + e.getMessage(), e);
            }
            String msg = e.getMessage();
            if (ex.failMsg() != null && !msg.endsWith(ex.failMsg())) {
                throw new AssertionError(where + ": expected error message ending in\n  " + ex.failMsg() + "\nbut got\n  " + msg);
            }
            if (ex.failRegex() != null && !ex.failRegex().matcher(msg).find()) {
                throw new AssertionError(where + ": error " + msg + " does not match " + ex.failRegex());
            }
            return null;
        }
        if (ex.fail()) {
            throw new AssertionError(where + ": expected " + query + " to fail, got " + r.value());
        }
        checkAnnotations(where, query, r, ex);
        return r;
    }

    private static void checkAnnotations(String where, String query, QueryResult r, Expectations ex) {
        boolean hasWarn = !r.annotations().messages(Annotation.Severity.WARNING).isEmpty();
        boolean hasInfo = !r.annotations().messages(Annotation.Severity.INFO).isEmpty();
        if (ex.warn() != null && ex.warn() != hasWarn) {
            throw new AssertionError(where + ": " + query + (ex.warn() ? " expected a warning" : " expected no warning")
                    + ", annotations: " + r.annotations());
        }
        if (ex.info() != null && ex.info() != hasInfo) {
            throw new AssertionError(where + ": " + query + (ex.info() ? " expected an info annotation" : " expected no info annotation")
                    + ", annotations: " + r.annotations());
        }
    }

    private void runInstant(String where, String query, long t, List<String> expected, Expectations ex) {
        QueryResult r = execute(where, query, false, t, t, 0, ex);
        if (r == null) {
            return;
        }
        Value v = r.value();
        switch (v) {
            case Scalar s -> {
                if (expected.size() != 1) {
                    throw new AssertionError(where + ": " + query + " returned scalar " + s + ", expected " + expected);
                }
                double want = number(expected.getFirst(), 0);
                if (!close(want, s.value())) {
                    throw new AssertionError(where + ": " + query + ": expected scalar " + want + " got " + s.value());
                }
            }
            case StringValue s -> {
                if (expected.size() != 1 || !expected.getFirst().equals(GoStrings.quote(s.value()))) {
                    throw new AssertionError(where + ": " + query + ": expected " + expected + " got string " + s.value());
                }
            }
            case Vector vec -> {
                Map<Labels, Double> want = new LinkedHashMap<>();
                for (String e : expected) {
                    SeriesLine sl = seriesLine(e, 0);
                    if (sl.values().size() != 1) {
                        throw new IllegalArgumentException(where + ": instant results take one value: " + e);
                    }
                    want.put(sl.labels(), sl.values().getFirst());
                }
                if (want.size() != vec.samples().size()) {
                    throw new AssertionError(where + ": " + query + ": expected " + want.size() + " samples, got "
                            + vec.samples().size() + ":\n" + render(vec.samples()) + "\nexpected:\n" + String.join("\n", expected));
                }
                int k = 0;
                List<Labels> order = new ArrayList<>(want.keySet());
                for (Sample s : vec.samples()) {
                    Double w = want.get(s.labels());
                    if (w == null || !close(w, s.value())) {
                        throw new AssertionError(where + ": " + query + ": unexpected sample " + s + "\ngot:\n"
                                + render(vec.samples()) + "\nexpected:\n" + String.join("\n", expected));
                    }
                    if (ex.ordered() && !order.get(k).equals(s.labels())) {
                        throw new AssertionError(where + ": " + query + ": expected order " + order + " got:\n" + render(vec.samples()));
                    }
                    if (s.timestamp() != t) {
                        throw new AssertionError(where + ": sample timestamp " + s.timestamp() + " != " + t);
                    }
                    k++;
                }
            }
            case Matrix m -> checkMatrix(where, query, m, expected, t, 0, true);
        }
    }

    private void runRange(String where, String query, long start, long end, long step, List<String> expected, Expectations ex) {
        QueryResult r = execute(where, query, true, start, end, step, ex);
        if (r == null) {
            return;
        }
        checkMatrix(where, query, (Matrix) r.value(), expected, start, step, false);
    }

    /**
     * Range results: values are per step from {@code start}; for an instant query returning a range
     * vector, lines are {@code series v1 v2 ...} compared against the raw points in order.
     */
    private static void checkMatrix(String where, String query, Matrix m, List<String> expected, long start, long step,
            boolean rawPoints) {
        Map<Labels, List<Double>> want = new LinkedHashMap<>();
        for (String e : expected) {
            SeriesLine sl = seriesLine(e, 0);
            want.put(sl.labels(), sl.values());
        }
        String got = renderMatrix(m);
        if (want.size() != m.series().size()) {
            throw new AssertionError(where + ": " + query + ": expected " + want.size() + " series, got " + m.series().size()
                    + ":\n" + got + "\nexpected:\n" + String.join("\n", expected));
        }
        for (RangeSeries s : m.series()) {
            List<Double> w = want.get(s.labels());
            if (w == null) {
                throw new AssertionError(where + ": " + query + ": unexpected series " + s.labels() + "\ngot:\n" + got
                        + "\nexpected:\n" + String.join("\n", expected));
            }
            List<long[]> points = new ArrayList<>();
            List<Double> wantValues = new ArrayList<>();
            for (int k = 0; k < w.size(); k++) {
                if (w.get(k) != null) {
                    points.add(new long[] {start + k * step});
                    wantValues.add(w.get(k));
                }
            }
            if (wantValues.size() != s.size()) {
                throw new AssertionError(where + ": " + query + ": series " + s.labels() + " has " + s.size()
                        + " points, expected " + wantValues.size() + "\ngot:\n" + got + "\nexpected:\n" + String.join("\n", expected));
            }
            for (int k = 0; k < s.size(); k++) {
                boolean timeOk = rawPoints || s.timestamps()[k] == points.get(k)[0];
                if (!timeOk || !close(wantValues.get(k), s.values()[k])) {
                    throw new AssertionError(where + ": " + query + ": series " + s.labels() + " point " + k
                            + " differs\ngot:\n" + got + "\nexpected:\n" + String.join("\n", expected));
                }
            }
        }
    }

    static boolean close(double want, double got) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            boolean wantStale = Double.doubleToRawLongBits(want) == 0x7ff0000000000002L;
            boolean gotStale = Double.doubleToRawLongBits(got) == 0x7ff0000000000002L;
            return Double.isNaN(want) && Double.isNaN(got) && wantStale == gotStale;
        }
        if (want == got) {
            return true;
        }
        double diff = Math.abs(want - got);
        return diff <= EPSILON * Math.max(Math.abs(want), Math.abs(got)) || diff <= 1e-12;
    }

    private static String render(List<Sample> samples) {
        StringBuilder b = new StringBuilder();
        for (Sample s : samples) {
            b.append("  ").append(s).append('\n');
        }
        return b.toString();
    }

    private static String renderMatrix(Matrix m) {
        StringBuilder b = new StringBuilder();
        for (RangeSeries s : m.series()) {
            b.append("  ").append(s).append('\n');
        }
        return b.toString();
    }
}
