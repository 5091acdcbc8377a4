package io.jthanos.promql.differential;

import io.jthanos.promql.differential.OutcomeComparison.Order;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.jthanos.storage.Queryable;

/**
 * The committed corpus {@code differential/queries.txt} over {@link DifferentialDataset}, shared by every
 * differential test (our engine here, the querier over the store gateway in cmd). Each line is a query
 * evaluated as an instant query and as a range query, or only one of them with an {@code instant:} or
 * {@code range:} prefix; the evaluation time and range rotate through a fixed set so the corpus covers data
 * edges, off-grid times and odd steps. Differences that stand are listed with a reason in
 * {@code differential/allowed-differences.txt}.
 */
public final class DifferentialCorpus {

    /** The dataset seed the corpus is evaluated on. */
    public static final long SEED = 20261121L;
    /** Parser features the corpus needs (Prometheus runs with the matching {@code --enable-feature}s). */
    public static final ParserOptions FEATURES = ParserOptions.ALL;
    /** Prometheus's flags for {@link #FEATURES}. */
    public static final List<String> PROMETHEUS_FEATURE_FLAGS =
            List.of("--enable-feature=promql-experimental-functions,promql-duration-expr");

    private static final long S = DifferentialDataset.START;
    /** Instant evaluation times, seconds: inside, off-grid, after series stopped, before the data. */
    private static final double[] INSTANT_TIMES = {S + 3 * 3600, S + 2 * 3600 + 7.5, S + 5 * 3600 + 1234.567,
            S + 6 * 3600 + 120, S + 1800, S + 7200};
    /** Range evaluations: start, end, step (seconds). */
    private static final double[][] RANGES = {{S + 3600, S + 5 * 3600, 60}, {S - 600, S + 6 * 3600 + 600, 300},
            {S + 2 * 3600 + 13, S + 3 * 3600, 17}, {S + 4 * 3600, S + 4 * 3600 + 1800, 15.5}};

    private DifferentialCorpus() {}

    /** One evaluation: {@code mode} is {@code instant} or {@code range}. */
    public record Case(String mode, String query, int index) {
        public String id() {
            return mode + " " + query;
        }

        public boolean instant() {
            return mode.equals("instant");
        }

        /** Evaluation time of an instant case, seconds. */
        public double time() {
            return INSTANT_TIMES[index % INSTANT_TIMES.length];
        }

        /** Start, end and step of a range case, seconds. */
        public double[] range() {
            return RANGES[index % RANGES.length];
        }

        /** The HTTP API path and form ({@code key, value, …}) that evaluate this case. */
        public String[] httpRequest() {
            if (instant()) {
                return new String[] {"/api/v1/query", "query", query, "time", seconds(time())};
            }
            double[] r = range();
            return new String[] {"/api/v1/query_range", "query", query, "start", seconds(r[0]), "end", seconds(r[1]),
                    "step", seconds(r[2])};
        }

        /** The order an instant result must agree on: that of the outermost sort function, else none. */
        public Order order() {
            if (!instant()) {
                return Order.NONE;
            }
            Expr e;
            try {
                e = Parser.parse(query, FEATURES);
            } catch (ParseException ex) {
                return Order.NONE;
            }
            while (e instanceof ParenExpr p) {
                e = p.expr();
            }
            if (e instanceof Call call) {
                return switch (call.function().name()) {
                    case "sort", "sort_desc" -> Order.VALUES;
                    case "sort_by_label", "sort_by_label_desc" -> Order.LABELS;
                    default -> Order.NONE;
                };
            }
            return Order.NONE;
        }
    }

    private static String seconds(double s) {
        return new java.math.BigDecimal(Math.round(s * 1000)).movePointLeft(3).toPlainString();
    }

    /** Every case of the corpus, in file order. */
    /**
     * Evaluates every case on both queryables with our engine; returns one line per case whose outcomes differ
     * (results, or errors), empty when all agree.
     */
    public static List<String> differences(Queryable expected, Queryable actual) throws IOException {
        Engine engine = new Engine(EngineOptions.DEFAULT.withParserOptions(FEATURES));
        List<String> out = new ArrayList<>();
        for (Case c : cases()) {
            String diff = OutcomeComparison.difference(evaluate(engine, expected, c), evaluate(engine, actual, c),
                    c.order());
            if (diff != null) {
                out.add(c.id() + "\n    " + diff);
            }
        }
        return out;
    }

    /** Evaluates {@code c} with our engine over {@code blocks}; errors become failed outcomes as the HTTP API names them. */
    public static Outcome evaluate(Engine engine, Queryable blocks, Case c) {
        try {
            if (c.instant()) {
                return Outcome.fromEngine(engine.instantQuery(blocks, c.query(), instant(c.time())).execute());
            }
            double[] range = c.range();
            return Outcome.fromEngine(engine.rangeQuery(blocks, c.query(), instant(range[0]), instant(range[1]),
                    Duration.ofMillis(Math.round(range[2] * 1000))).execute());
        } catch (ParseException | IllegalArgumentException e) {
            return Outcome.failure("bad_data", e.getMessage());
        } catch (QueryException.Timeout e) {
            return Outcome.failure("timeout", e.getMessage());
        } catch (QueryException.Canceled e) {
            return Outcome.failure("canceled", e.getMessage());
        } catch (QueryException e) {
            return Outcome.failure("execution", e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failure("crash", e.toString());
        }
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    public static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        int index = 0;
        for (String line : resourceLines("differential/queries.txt")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("instant:")) {
                cases.add(new Case("instant", l.substring(8).strip(), index));
            } else if (l.startsWith("range:")) {
                cases.add(new Case("range", l.substring(6).strip(), index));
            } else {
                cases.add(new Case("instant", l, index));
                cases.add(new Case("range", l, index));
            }
            index++;
        }
        return cases;
    }

    /** The listed differences: {@link Case#id()} to the reason it stands. */
    public static Map<String, String> allowedDifferences() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : resourceLines("differential/allowed-differences.txt")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            m.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
        }
        return m;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = DifferentialCorpus.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
