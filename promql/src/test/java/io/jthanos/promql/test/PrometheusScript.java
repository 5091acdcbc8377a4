package io.jthanos.promql.test;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.promql.engine.Almost;
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
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.promql.parser.VectorSelector;
import io.jthanos.storage.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs Prometheus's own PromQL test scripts ({@code promql/promqltest/testdata/*.test} of its source)
 * with the semantics of its {@code promqltest} runner:
 * <ul>
 *   <li>a command's block ends at the first empty line; comment lines count as empty;</li>
 *   <li>{@code eval[_fail|_warn|_info|_ordered] instant at T QUERY} and
 *       {@code eval[_fail|_warn|_info] range from A to B step S QUERY}, followed by expected lines: a number
 *       (a scalar result), a series with its values, {@code expect ordered|fail|warn|no_warn|info|no_info}
 *       with an optional {@code msg:} (exact) or {@code regex:} (search), {@code expected_fail_message} (exact)
 *       or {@code expected_fail_regexp};</li>
 *   <li>every warning and info annotation must match one of the {@code expect warn}/{@code expect info}
 *       lines when there are any, and each such line must match one of them;</li>
 *   <li>an instant query is also run as a range query from {@code T-1m} to {@code T+1m} with a 1m step,
 *       whose middle step must give the same result, and a matrix must be sorted by labels;</li>
 *   <li>an instant query is also run with {@code @ T} on its selectors at other times ({@link AtModifierCases});</li>
 *   <li>values compare as Prometheus's {@code almost.Equal} with ε = 1e-6 (NaN equals NaN, the stale
 *       marker only itself).</li>
 * </ul>
 *
 * <p>jthanos does not support native histograms yet. A series loaded with histogram values
 * ({@code {{...}}}), and the native histogram a {@code load_with_nhcb} makes of a classic one, is recorded
 * but not loaded; an eval that selects such a series or expects a histogram value is skipped, with the
 * reason. The float series of a {@code load_with_nhcb} are loaded as by {@code load}.
 */
public final class PrometheusScript {

    /** One {@code eval} command; {@code skipReason} is set when it needs what jthanos does not support. */
    public record Eval(int line, String text, String query, Optional<String> skipReason, Runnable check) {
    }

    private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
    private static final Pattern EVAL_INSTANT = Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE = Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT = Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
    private static final Pattern POSITION = Pattern.compile(" \\(\\d+:\\d+\\)$");
    private static final double EPSILON = 1e-6;
    private static final String NO_HISTOGRAMS = "jthanos does not support native histograms yet";

    private enum Kind { ORDERED, FAIL, WARN, NO_WARN, INFO, NO_INFO }

    /** An {@code expect} line: an exact message, or a pattern searched for. */
    private record Expect(String message, Pattern regex) {
        boolean matches(String s) {
            return regex == null ? message.equals(s) : regex.matcher(s).find();
        }

        @Override
        public String toString() {
            return regex == null ? message : regex.pattern();
        }
    }

    private record Expected(int pos, List<Double> values) {
    }

    private final String file;
    private final MemoryStorage storage = new MemoryStorage();
    /** Series loaded with histogram values since the last {@code clear}, which are not in {@link #storage}. */
    private final List<Labels> histogramSeries = new ArrayList<>();
    private final EngineOptions options = EngineOptions.DEFAULT.withParserOptions(ParserOptions.ALL);

    private PrometheusScript(String file) {
        this.file = file;
    }

    /** Parses a script; its loads and clears run in order as the returned evals run in order. */
    public static List<Eval> parse(String file, String content) {
        return new PrometheusScript(file).parseAll(content.split("\n", -1));
    }

    private List<Eval> parseAll(String[] raw) {
        String[] lines = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        List<Eval> evals = new ArrayList<>();
        List<Runnable> pending = new ArrayList<>();
        // What is loaded when each eval runs, tracked while parsing, to decide skips up front.
        List<Labels> histogramsAtParse = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            int lineNo = i + 1;
            i++;
            if (line.isEmpty()) {
                continue;
            }
            List<String> body = new ArrayList<>();
            while (!line.equals("clear") && i < lines.length && !lines[i].isEmpty()) {
                body.add(lines[i]);
                i++;
            }
            var load = LOAD.matcher(line);
            if (load.matches()) {
                long interval = TestScript.durationMillis(load.group(2));
                boolean nhcb = load.group(1) != null;
                List<Labels> histograms = histogramLabels(body, nhcb, lineNo);
                histogramsAtParse.addAll(histograms);
                pending.add(() -> load(interval, body, histograms, lineNo));
            } else if (line.equals("clear")) {
                histogramsAtParse.clear();
                pending.add(() -> {
                    storage.clear();
                    histogramSeries.clear();
                });
            } else if (line.startsWith("eval")) {
                List<Runnable> setup = List.copyOf(pending);
                pending.clear();
                Runnable check = evalCommand(line, body, lineNo);
                Optional<String> skip = skipReason(line, body, List.copyOf(histogramsAtParse));
                evals.add(new Eval(lineNo, line, queryOf(line), skip, () -> {
                    setup.forEach(Runnable::run);
                    if (skip.isEmpty()) {
                        check.run();
                    }
                }));
            } else {
                throw new IllegalArgumentException(file + ":" + lineNo + ": unknown command: " + line);
            }
        }
        return evals;
    }

    // ---- load ----

    private static boolean isHistogramLine(String l) {
        return l.contains("{{");
    }

    /** The series of a load block that are native histograms: loaded as such, or made by {@code load_with_nhcb}. */
    private static List<Labels> histogramLabels(List<String> body, boolean nhcb, int lineNo) {
        List<Labels> out = new ArrayList<>();
        for (String l : body) {
            if (isHistogramLine(l)) {
                out.add(TestScript.labelsOf(metricPart(l)));
            } else if (nhcb) {
                Labels labels = TestScript.seriesLine(l, lineNo).labels();
                String name = labels.get("__name__");
                for (String suffix : List.of("_bucket", "_count", "_sum")) {
                    if (name != null && name.endsWith(suffix)) {
                        LabelsBuilder b = new LabelsBuilder();
                        labels.forEach((n, v) -> {
                            if (!n.equals("le")) {
                                b.set(n, v);
                            }
                        });
                        b.set("__name__", name.substring(0, name.length() - suffix.length()));
                        out.add(b.build());
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static String metricPart(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int tab = line.indexOf('\t');
        int ws = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
        if (brace >= 0 && (ws < 0 || brace < ws)) {
            int depth = 0;
            boolean quoted = false;
            for (int k = brace; k < line.length(); k++) {
                char c = line.charAt(k);
                if (quoted) {
                    if (c == '\\') {
                        k++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return line.substring(0, k + 1);
                }
            }
        }
        return ws < 0 ? line : line.substring(0, ws);
    }

    private void load(long interval, List<String> body, List<Labels> histograms, int lineNo) {
        histogramSeries.addAll(histograms);
        // As in promqltest, a series defined twice in one load takes its last definition.
        Map<Labels, List<Double>> defs = new LinkedHashMap<>();
        for (String l : body) {
            if (!isHistogramLine(l)) {
                TestScript.SeriesLine s = TestScript.seriesLine(l, lineNo);
                defs.put(s.labels(), s.values());
            }
        }
        defs.forEach((labels, values) -> {
            for (int k = 0; k < values.size(); k++) {
                Double v = values.get(k);
                if (v != null) {
                    storage.add(labels, k * interval, v);
                }
            }
        });
    }

    // ---- skips ----

    private Optional<String> skipReason(String line, List<String> body, List<Labels> histograms) {
        for (String b : body) {
            if (isHistogramLine(b)) {
                return Optional.of("expects a native histogram value; " + NO_HISTOGRAMS);
            }
        }
        // An eval that expects an error is run even if it selects histograms: the error is about something else.
        boolean expectsError = line.startsWith("eval_fail") || body.stream().anyMatch(b -> b.matches("^expect\\s+fail\\b.*"));
        if (histograms.isEmpty() || expectsError) {
            return Optional.empty();
        }
        String query = queryOf(line);
        List<VectorSelector> selectors = new ArrayList<>();
        try {
            Selectors.collect(Parser.parse(query, ParserOptions.ALL), selectors);
        } catch (ParseException e) {
            return Optional.empty();
        }
        for (VectorSelector vs : selectors) {
            for (Labels h : histograms) {
                if (Matcher.matchAll(h, vs.matchers())) {
                    return Optional.of("selects the native histogram series " + h + "; " + NO_HISTOGRAMS);
                }
            }
        }
        return Optional.empty();
    }

    private static String queryOf(String line) {
        var m = EVAL_INSTANT.matcher(line);
        if (m.matches()) {
            return m.group(3);
        }
        m = EVAL_RANGE.matcher(line);
        if (m.matches()) {
            return m.group(5);
        }
        throw new IllegalArgumentException("bad eval: " + line);
    }

    // ---- eval ----

    private Runnable evalCommand(String line, List<String> body, int lineNo) {
        String where = file + ":" + lineNo;
        var instant = EVAL_INSTANT.matcher(line);
        var range = EVAL_RANGE.matcher(line);
        boolean isInstant = instant.matches();
        if (!isInstant && !range.matches()) {
            throw new IllegalArgumentException(where + ": bad eval: " + line);
        }
        String mod = isInstant ? instant.group(1) : range.group(1);
        String query = isInstant ? instant.group(3) : range.group(5);
        Command c = new Command(where, query);
        if (mod != null) {
            switch (mod) {
                case "ordered" -> c.ordered = true;
                case "fail" -> c.fail = true;
                case "warn" -> c.warn = true;
                case "info" -> c.info = true;
                default -> throw new IllegalArgumentException(where + ": " + mod);
            }
        }
        int pos = 0;
        for (String def : body) {
            pos++;
            if (c.fail && def.startsWith("expected_fail_message")) {
                c.failMessage = def.substring("expected_fail_message".length()).strip();
                break;
            }
            if (c.fail && def.startsWith("expected_fail_regexp")) {
                c.failRegex = Pattern.compile(def.substring("expected_fail_regexp".length()).strip());
                break;
            }
            if (def.split(" ")[0].equals("expect")) {
                var e = EXPECT.matcher(def);
                if (!e.matches()) {
                    throw new IllegalArgumentException(where + ": bad expect line: " + def);
                }
                Kind kind = Kind.valueOf(e.group(1).toUpperCase(java.util.Locale.ROOT));
                Expect x = e.group(2) == null ? new Expect(null, Pattern.compile("^.*$"))
                        : e.group(2).equals("msg") ? new Expect(e.group(3).strip(), null)
                        : new Expect(null, Pattern.compile(e.group(3).strip()));
                c.expects.computeIfAbsent(kind, k -> new ArrayList<>()).add(x);
                pos--;
                continue;
            }
            if (isHistogramLine(def)) {
                continue; // the eval is skipped
            }
            Optional<Double> scalar = scalarLine(def);
            if (scalar.isPresent()) {
                c.expectScalar = true;
                c.expected.clear();
                c.expected.put(Labels.empty(), new Expected(0, List.of(scalar.get())));
                break;
            }
            TestScript.SeriesLine s = TestScript.seriesLine(def, lineNo);
            if (s.values().size() > 1 && isInstant) {
                throw new IllegalArgumentException(where + ": expecting multiple values in instant evaluation not allowed");
            }
            c.expected.put(s.labels(), new Expected(pos, s.values()));
        }
        if (isInstant) {
            long t = instant.group(2) == null ? 0 : TestScript.durationMillis(instant.group(2));
            return () -> runInstant(c, t);
        }
        long start = TestScript.durationMillis(range.group(2));
        long end = TestScript.durationMillis(range.group(3));
        long step = TestScript.durationMillis(range.group(4));
        return () -> runRange(c, start, end, step);
    }

    private static Optional<Double> scalarLine(String def) {
        try {
            return Optional.of(TestScript.number(def, 0));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An eval's expectations. */
    private static final class Command {
        final String where;
        final String query;
        boolean ordered;
        boolean fail;
        boolean warn;
        boolean info;
        boolean expectScalar;
        String failMessage;
        Pattern failRegex;
        final Map<Kind, List<Expect>> expects = new EnumMap<>(Kind.class);
        final Map<Labels, Expected> expected = new HashMap<>();
        long start;
        long step;

        Command(String where, String query) {
            this.where = where;
            this.query = query;
        }

        boolean isOrdered() {
            return ordered || expects.containsKey(Kind.ORDERED);
        }

        boolean isFail() {
            return fail || expects.containsKey(Kind.FAIL);
        }

        AssertionError error(String message) {
            return new AssertionError(where + ": " + query + ": " + message);
        }
    }

    private QueryResult execute(boolean range, String query, long start, long end, long step) {
        Engine engine = new Engine(options);
        return range
                ? engine.rangeQuery(storage, query, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), Duration.ofMillis(step)).execute()
                : engine.instantQuery(storage, query, Instant.ofEpochMilli(start)).execute();
    }

    /** Runs the query; {@code null} when it failed as expected. */
    private QueryResult run(Command c, String query, boolean range, long start, long end, long step) {
        QueryResult r;
        try {
            r = execute(range, query, start, end, step);
        } catch (ParseException | QueryException | IllegalArgumentException e) {
            if (!c.isFail()) {
                throw c.error("unexpected error: " + e.getMessage());
            }
            checkFailure(c, e.getMessage());
            return null;
        }
        if (c.isFail()) {
            throw c.error("expected an error, got " + r.value());
        }
        checkAnnotations(c, r);
        return r;
    }

    private static void checkFailure(Command c, String actual) {
        if (c.failMessage != null && !c.failMessage.equals(actual)) {
            throw c.error("expected error\n  " + c.failMessage + "\nbut got\n  " + actual);
        }
        if (c.failRegex != null && !c.failRegex.matcher(actual).find()) {
            throw c.error("expected an error matching " + c.failRegex + ", got " + actual);
        }
        List<Expect> fail = c.expects.get(Kind.FAIL);
        if (fail != null && !fail.getFirst().matches(actual)) {
            throw c.error("expected an error matching\n  " + fail.getFirst() + "\nbut got\n  " + actual);
        }
    }

    /**
     * Our annotations carry the expression's position, as Prometheus's API writes them; promqltest matches
     * the text without it.
     */
    private static List<String> withoutPosition(List<String> messages) {
        return messages.stream().map(m -> POSITION.matcher(m).replaceFirst("")).toList();
    }

    private static void checkAnnotations(Command c, QueryResult r) {
        List<String> warnings = withoutPosition(r.annotations().messages(Annotation.Severity.WARNING));
        List<String> infos = withoutPosition(r.annotations().messages(Annotation.Severity.INFO));
        if (c.warn && warnings.isEmpty()) {
            throw c.error("expected warnings but got none");
        }
        if (c.info && infos.isEmpty()) {
            throw c.error("expected info annotations but got none");
        }
        checkAnnotationsOfType(c, c.expects.get(Kind.WARN), warnings, "warn", r);
        checkAnnotationsOfType(c, c.expects.get(Kind.INFO), infos, "info", r);
        if (c.expects.containsKey(Kind.NO_WARN) && !warnings.isEmpty()) {
            throw c.error("unexpected warning annotations: " + r.annotations());
        }
        if (c.expects.containsKey(Kind.NO_INFO) && !infos.isEmpty()) {
            throw c.error("unexpected info annotations: " + r.annotations());
        }
    }

    private static void checkAnnotationsOfType(Command c, List<Expect> expects, List<String> actual, String type, QueryResult r) {
        if (expects == null) {
            return;
        }
        if (actual.isEmpty()) {
            throw c.error("expected " + type + " annotations but none were found");
        }
        for (Expect e : expects) {
            if (actual.stream().noneMatch(e::matches)) {
                throw c.error("expected " + type + " annotation matching\n  " + e + "\nbut found " + r.annotations());
            }
        }
        for (String a : actual) {
            if (expects.stream().noneMatch(e -> e.matches(a))) {
                throw c.error("unexpected " + type + " annotation " + a);
            }
        }
    }

    private void runRange(Command c, long start, long end, long step) {
        QueryResult r = run(c, c.query, true, start, end, step);
        if (r != null) {
            compare(c, r.value(), start, end, step);
        }
    }

    private void runInstant(Command c, long t) {
        runInstant(c, c.query, t);
        for (AtModifierCases.Case at : AtModifierCases.of(c.query, t)) {
            try {
                runInstant(c, at.query(), at.evalTime());
            } catch (AssertionError e) {
                throw new AssertionError("with @: " + at.query() + " at " + at.evalTime() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs an instant query, then the same as a range query around it; both must give the expected result. */
    private void runInstant(Command c, String query, long t) {
        QueryResult r = run(c, query, false, t, t, 0);
        if (r == null) {
            return;
        }
        compare(c, r.value(), t, t, 0);
        QueryResult rr;
        try {
            rr = execute(true, query, t - 60_000, t + 60_000, 60_000);
        } catch (ParseException | QueryException | IllegalArgumentException e) {
            throw c.error("error in range mode: " + e.getMessage());
        }
        if (c.isOrdered()) {
            return;
        }
        Matrix m = (Matrix) rr.value();
        assertSorted(c, m);
        List<Sample> vec = new ArrayList<>();
        for (RangeSeries s : m.series()) {
            for (int k = 0; k < s.size(); k++) {
                if (s.timestamps()[k] == t) {
                    vec.add(new Sample(s.labels(), t, s.values()[k]));
                    break;
                }
            }
        }
        try {
            if (r.value() instanceof Scalar) {
                if (vec.isEmpty()) {
                    throw c.error("range mode returned nothing at " + t);
                }
                compare(c, new Scalar(t, vec.getFirst().value()), t, t, 0);
            } else {
                compare(c, new Vector(vec), t, t, 0);
            }
        } catch (AssertionError e) {
            throw new AssertionError("range mode: " + e.getMessage(), e);
        }
    }

    private static void assertSorted(Command c, Matrix m) {
        for (int k = 1; k < m.series().size(); k++) {
            if (m.series().get(k - 1).labels().compareTo(m.series().get(k).labels()) > 0) {
                throw c.error("matrix not sorted by labels: " + m.series().get(k).labels() + " after " + m.series().get(k - 1).labels());
            }
        }
    }

    private static void compare(Command c, Value v, long start, long end, long step) {
        switch (v) {
            case Matrix m -> {
                if (c.isOrdered()) {
                    throw c.error("expected ordered result, but query returned a matrix");
                }
                if (c.expectScalar) {
                    throw c.error("expected scalar result, but got matrix " + m);
                }
                assertSorted(c, m);
                for (RangeSeries s : m.series()) {
                    Expected exp = c.expected.get(s.labels());
                    if (exp == null) {
                        throw c.error("unexpected metric " + s.labels() + " in result, has " + s);
                    }
                    List<long[]> want = new ArrayList<>();
                    for (int k = 0; k < exp.values().size(); k++) {
                        long ts = start + k * step;
                        if (ts > end) {
                            throw c.error("expected " + exp.values().size() + " points for " + s.labels()
                                    + ", but query time range cannot return this many points");
                        }
                        Double e = exp.values().get(k);
                        if (e != null) {
                            want.add(new long[] {ts, Double.doubleToRawLongBits(e)});
                        }
                    }
                    if (want.size() != s.size()) {
                        throw c.error("expected " + want.size() + " float points for " + s.labels() + ", but got " + s);
                    }
                    for (int k = 0; k < s.size(); k++) {
                        double e = Double.longBitsToDouble(want.get(k)[1]);
                        if (want.get(k)[0] != s.timestamps()[k]) {
                            throw c.error("expected point " + k + " of " + s.labels() + " at " + want.get(k)[0] + ", got " + s);
                        }
                        if (!almostEqual(s.values()[k], e)) {
                            throw c.error("expected point " + k + " (t=" + s.timestamps()[k] + ") of " + s.labels() + " to be " + e
                                    + ", got " + s.values()[k] + " (result has " + s + ")");
                        }
                    }
                }
                for (Labels l : c.expected.keySet()) {
                    if (m.series().stream().noneMatch(s -> s.labels().equals(l))) {
                        throw c.error("expected metric " + l + " not found; got\n" + m);
                    }
                }
            }
            case Vector vec -> {
                if (c.expectScalar) {
                    throw c.error("expected scalar result, but got vector " + vec.samples());
                }
                int pos = 0;
                for (Sample s : vec.samples()) {
                    pos++;
                    Expected exp = c.expected.get(s.labels());
                    if (exp == null) {
                        throw c.error("unexpected metric " + s.labels() + " in result, has value " + s.value() + "; all: " + vec.samples());
                    }
                    if (c.isOrdered() && exp.pos() != pos) {
                        throw c.error("expected metric " + s.labels() + " at position " + exp.pos() + " but was at " + pos);
                    }
                    Double e = exp.values().getFirst();
                    if (e == null || !almostEqual(e, s.value())) {
                        throw c.error("expected " + e + " for " + s.labels() + " but got " + s.value());
                    }
                }
                for (Labels l : c.expected.keySet()) {
                    if (vec.samples().stream().noneMatch(s -> s.labels().equals(l))) {
                        throw c.error("expected metric " + l + " not found; got " + vec.samples());
                    }
                }
            }
            case Scalar s -> {
                if (!c.expectScalar) {
                    throw c.error("expected vector or matrix result, but got scalar " + s.value());
                }
                double e = c.expected.get(Labels.empty()).values().getFirst();
                if (!almostEqual(e, s.value())) {
                    throw c.error("expected scalar " + e + " but got " + s.value());
                }
            }
            case StringValue s -> throw c.error("string results are not checked by this runner: " + s.value());
        }
    }

    /** Prometheus's {@code util/almost.Equal} with promqltest's ε. */
    static boolean almostEqual(double a, double b) {
        return Almost.equal(a, b, EPSILON);
    }
}
