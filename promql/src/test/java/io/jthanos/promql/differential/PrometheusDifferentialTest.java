package io.jthanos.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.promql.differential.DifferentialCorpus.Case;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluates the committed corpus ({@link DifferentialCorpus}) on a real Prometheus 3.5 and on our engine over
 * the same promtool-built blocks ({@link DifferentialDataset}) and requires identical outcomes
 * ({@link OutcomeComparison}), except the listed differences.
 */
class PrometheusDifferentialTest {

    @TempDir
    Path tmp;

    @Test
    void ourEngineAnswersTheCorpusAsPrometheusDoes() throws Exception {
        Path promtool = Oracles.promtool();
        Path prometheus = Oracles.prometheus();
        Path blocks = DifferentialBlocks.build(promtool, DifferentialCorpus.SEED, Path.of("target", "differential"));
        Path promData = tmp.resolve("prometheus-data");
        DifferentialBlocks.copy(blocks, promData);
        List<Case> cases = DifferentialCorpus.cases();
        Map<String, String> allowed = DifferentialCorpus.allowedDifferences();
        Engine engine = new Engine(EngineOptions.DEFAULT.withParserOptions(DifferentialCorpus.FEATURES));
        List<String> failures = new ArrayList<>();
        List<String> allowedSeen = new ArrayList<>();
        int passed = 0;
        int failing = 0;
        long promNanos = 0;
        long ourNanos = 0;
        try (DifferentialBlocks ours = DifferentialBlocks.open(blocks);
                PrometheusProcess prom = PrometheusProcess.start(prometheus, promData, tmp,
                        DifferentialCorpus.PROMETHEUS_FEATURE_FLAGS)) {
            assertThat(ours.blockCount()).isEqualTo((int) (DifferentialDataset.HOURS / 2));
            for (Case c : cases) {
                long t0 = System.nanoTime();
                Outcome expected = prometheus(prom, c);
                long t1 = System.nanoTime();
                Outcome actual = DifferentialCorpus.evaluate(engine, ours, c);
                long t2 = System.nanoTime();
                promNanos += t1 - t0;
                ourNanos += t2 - t1;
                String diff = OutcomeComparison.difference(expected, actual, c.order());
                if (diff == null) {
                    // The engine decodes chunks when storage offers them; the sample path must agree too.
                    String d = OutcomeComparison.difference(expected, DifferentialCorpus.evaluate(engine, ours.samplesOnly(), c), c.order());
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
        String[] request = c.httpRequest();
        return Outcome.fromPrometheus(prom.post(request[0], Arrays.copyOfRange(request, 1, request.length)).body());
    }
}
