package io.jthanos.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.promql.differential.DifferentialCorpus.Case;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluates the committed corpus ({@link DifferentialCorpus}) on a real Prometheus 3.5 and on our
 * engine over the same promtool-built blocks ({@link DifferentialDataset}) and requires identical
 * outcomes ({@link OutcomeComparison}). Differences that stand are listed with a reason in
 * {@code differential/allowed-differences.txt}.
 */
class PrometheusDifferentialTest {
    private static final long SEED = 20261121L;

    @TempDir
    Path tmp;

    @Test
    void ourEngineAnswersTheCorpusAsPrometheusDoes() throws Exception {
        Path promtool = Oracles.promtool();
        Path prometheus = Oracles.prometheus();
        Path blocks = DifferentialBlocks.build(promtool, SEED, Path.of("target", "differential"));
        Path promData = tmp.resolve("prometheus-data");
        DifferentialBlocks.copy(blocks, promData);
        List<Case> cases = DifferentialCorpus.cases();
        Map<String, String> allowed = allowed();
        Engine engine = new Engine(EngineOptions.DEFAULT.withParserOptions(DifferentialCorpus.FEATURES));
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
                Outcome actual = DifferentialCorpus.evaluate(engine, ours, c);
                long t2 = System.nanoTime();
                promNanos += t1 - t0;
                ourNanos += t2 - t1;
                String diff = OutcomeComparison.difference(expected, actual, DifferentialCorpus.order(c));
                if (diff == null) {
                    // The engine decodes chunks when storage offers them; the sample path must agree too.
                    String d = OutcomeComparison.difference(expected, DifferentialCorpus.evaluate(engine, ours.samplesOnly(), c),
                            DifferentialCorpus.order(c));
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
            r = prom.post("/api/v1/query", "query", c.query(), "time", seconds(DifferentialCorpus.instantTime(c)));
        } else {
            double[] range = DifferentialCorpus.range(c);
            r = prom.post("/api/v1/query_range", "query", c.query(), "start", seconds(range[0]), "end",
                    seconds(range[1]), "step", seconds(range[2]));
        }
        return Outcome.fromPrometheus(r.body());
    }

    private static String seconds(double s) {
        return new java.math.BigDecimal(Math.round(s * 1000)).movePointLeft(3).toPlainString();
    }

    /** {@code mode query<TAB>reason} lines. */
    private static Map<String, String> allowed() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : DifferentialCorpus.resourceLines("differential/allowed-differences.txt")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            m.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
        }
        return m;
    }
}
