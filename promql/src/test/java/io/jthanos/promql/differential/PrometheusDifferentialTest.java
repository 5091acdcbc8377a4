package io.jthanos.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluates the committed corpus {@code differential/queries.txt} on a real Prometheus 3.5 and on our
 * engine over the same promtool-built blocks ({@link DifferentialDataset}) and requires identical
 * outcomes ({@link OutcomeComparison}). Each line is a query evaluated as an instant query and as a
 * range query, or only one of them with an {@code instant:} or {@code range:} prefix; the evaluation
 * time and range rotate through a fixed set so the corpus covers data edges, off-grid times and odd
 * steps. Differences that stand are listed with a reason in {@code differential/allowed-differences.txt}.
 */
class PrometheusDifferentialTest {

    private static final long SEED = 20261121L;
    private static final long S = DifferentialDataset.START;
    /** Instant evaluation times, seconds: inside, off-grid, after series stopped, before the data. */
    private static final double[] INSTANT_TIMES = {S + 3 * 3600, S + 2 * 3600 + 7.5, S + 5 * 3600 + 1234.567,
            S + 6 * 3600 + 120, S + 1800, S + 7200};
    /** Range evaluations: start, end, step (seconds). */
    private static final double[][] RANGES = {{S + 3600, S + 5 * 3600, 60}, {S - 600, S + 6 * 3600 + 600, 300},
            {S + 2 * 3600 + 13, S + 3 * 3600, 17}, {S + 4 * 3600, S + 4 * 3600 + 1800, 15.5}};
    private static final ParserOptions FEATURES = ParserOptions.ALL;

    @TempDir
    Path tmp;

    record Case(String mode, String query, int index) {
        String id() {
            return mode + " " + query;
        }
    }

    @Test
    void ourEngineAnswersTheCorpusAsPrometheusDoes() throws Exception {
        Path promtool = Oracles.promtool();
        Path prometheus = Oracles.prometheus();
        Path blocks = DifferentialBlocks.build(promtool, SEED, Path.of("target", "differential"));
        Path promData = tmp.resolve("prometheus-data");
        DifferentialBlocks.copy(blocks, promData);
        List<Case> cases = corpus();
        Map<String, String> allowed = allowed();
        Engine engine = new Engine(EngineOptions.DEFAULT.withParserOptions(FEATURES));
        List<String> failures = new ArrayList<>();
        List<String> allowedSeen = new ArrayList<>();
        int passed = 0;
        int failing = 0;
        long promNanos = 0;
        long ourNanos = 0;
        try (DifferentialBlocks ours = DifferentialBlocks.open(blocks);
                PrometheusProcess prom = PrometheusProcess.start(prometheus, promData, tmp,
                        List.of("--enable-feature=promql-experimental-functions,promql-duration-expr"))) {
            assertThat(ours.blockCount()).isEqualTo((int) (DifferentialDataset.HOURS / 2));
            for (Case c : cases) {
                long t0 = System.nanoTime();
                Outcome expected = prometheus(prom, c);
                long t1 = System.nanoTime();
                Outcome actual = ours(engine, ours, c);
                long t2 = System.nanoTime();
                promNanos += t1 - t0;
                ourNanos += t2 - t1;
                String diff = OutcomeComparison.difference(expected, actual, order(c));
                if (diff == null) {
                    // The engine decodes chunks when storage offers them; the sample path must agree too.
                    String d = OutcomeComparison.difference(expected, ours(engine, ours.samplesOnly(), c), order(c));
                    diff = d == null ? null : "through samples (not chunks): " + d;
                }
                if (expected.failed()) {
                    failing++;
                }
                if (diff == null) {
                    passed++;
                    if (allowed.containsKey(c.id())) {
                        failures.add(c.id() + "\n    listed as a difference but agrees now: remove it from the allow-list");
                    }
                } else if (allowed.containsKey(c.id())) {
                    allowedSeen.add(c.id() + "  [" + allowed.get(c.id()) + "]");
                } else {
                    failures.add(c.id() + "\n    " + diff);
                }
            }
        }
        System.out.printf("differential: %d of %d evaluations agree with Prometheus (%d expected failures among them),"
                + " %d listed differences, %d unexpected; Prometheus %d ms, ours %d ms (through chunks)%n", passed, cases.size(), failing,
                allowedSeen.size(), failures.size(), promNanos / 1_000_000, ourNanos / 1_000_000);
        allowedSeen.forEach(a -> System.out.println("  listed: " + a));
        Files.write(Path.of("target", "differential", "differences.txt"), failures);
        assertThat(failures).as("differences from Prometheus").isEmpty();
        assertThat(failing).as("the corpus exercises failing queries").isGreaterThanOrEqualTo(20);
        assertThat(cases.size()).isGreaterThanOrEqualTo(500);
    }

    private static Outcome prometheus(PrometheusProcess prom, Case c) throws IOException {
        HttpResponse<String> r;
        if (c.mode().equals("instant")) {
            r = prom.post("/api/v1/query", "query", c.query(), "time", seconds(instantTime(c)));
        } else {
            double[] range = RANGES[c.index() % RANGES.length];
            r = prom.post("/api/v1/query_range", "query", c.query(), "start", seconds(range[0]), "end",
                    seconds(range[1]), "step", seconds(range[2]));
        }
        return Outcome.fromPrometheus(r.body());
    }

    private static Outcome ours(Engine engine, io.jthanos.storage.Queryable blocks, Case c) {
        try {
            if (c.mode().equals("instant")) {
                return Outcome.fromEngine(engine.instantQuery(blocks, c.query(), instant(instantTime(c))).execute());
            }
            double[] range = RANGES[c.index() % RANGES.length];
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

    private static double instantTime(Case c) {
        return INSTANT_TIMES[c.index() % INSTANT_TIMES.length];
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }

    private static String seconds(double s) {
        return new java.math.BigDecimal(Math.round(s * 1000)).movePointLeft(3).toPlainString();
    }

    /** The order an instant result must agree on: that of the outermost sort function, else none. */
    private static Order order(Case c) {
        if (!c.mode().equals("instant")) {
            return Order.NONE;
        }
        Expr e;
        try {
            e = Parser.parse(c.query(), FEATURES);
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

    static List<Case> corpus() throws IOException {
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

    /** {@code mode query<TAB>reason} lines. */
    private static Map<String, String> allowed() throws IOException {
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
        try (InputStream in = PrometheusDifferentialTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

}
