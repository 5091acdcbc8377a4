package io.jthanos.ruler.rulefmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our validation errors equal {@code promtool check rules}' on a table of broken (and fine) files. */
class PromtoolCheckRulesTest {

    @TempDir
    Path dir;

    static Stream<String> files() {
        return Stream.of(
                """
                groups:
                  - name: g
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up
                      - alert: X
                        record: y
                        expr: up
                      - expr: up
                      - record: "a{b}"
                        expr: up
                        for: 5m
                        annotations:
                          x: y
                      - alert: HighLatency
                        expr: up == 0
                        annotations:
                          summary: "{{ $labels.instance "
                  - name: g
                    rules: []
                  - name: ""
                    rules: []
                """,
                """
                groups:
                  - name: g
                    interval: 1x
                    rules: []
                """,
                """
                groups:
                  - name: g
                    unknown: 1
                    rules:
                      - record: x
                        expr: up
                        bogus: 2
                """,
                """
                foo: 1
                """,
                """
                groups:
                  - name: g
                    limit: abc
                    rules:
                      - record: r
                        expr: "1"
                        labels:
                          __name__: x
                """,
                """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: rate(x[5m]) > 1
                        keep_firing_for: 10m
                        labels:
                          severity: "{{ nope }}"
                      - record: r
                        keep_firing_for: 1m
                        expr: ""
                """,
                """
                groups:
                  - name: ok
                    interval: 1m
                    query_offset: 30s
                    limit: 5
                    labels:
                      team: a
                    rules:
                      - alert: A
                        expr: up == 0
                        for: 1m
                        annotations:
                          s: "{{ $value | humanize }} {{ if gt $value 1.0 }}big{{ else }}small{{ end }}"
                """);
    }

    @ParameterizedTest
    @MethodSource("files")
    void errorsMatchPromtool(String content) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, content);
        assertSameErrors(file);
    }

    /** The rule files of Prometheus's own test data (promtool's and rulefmt's), fetched with the oracles. */
    static Stream<Path> prometheusRuleFiles() throws IOException {
        try (Stream<Path> s = Files.list(Oracles.ruleFiles())) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("prometheusRuleFiles")
    void prometheusRuleFilesGiveTheErrorsPromtoolGives(Path file) throws Exception {
        assertSameErrors(file);
    }

    private static void assertSameErrors(Path file) throws Exception {
        List<String> expected = promtool(file);
        List<String> actual = new ArrayList<>();
        try {
            RuleFileParser.parseFile(file);
        } catch (RuleFileException e) {
            e.errors().forEach(err -> actual.addAll(err.lines().toList()));
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The error lines promtool prints for {@code file} (empty when it passes). */
    private static List<String> promtool(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Oracles.promtool().toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool did not finish");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            boolean failed = false;
            for (String line : out.lines().toList()) {
                if (line.equals("  FAILED:")) {
                    failed = true;
                } else if (failed && !line.isBlank()) {
                    lines.add(line);
                }
            }
            if (p.exitValue() == 0) {
                // A file that passes can still be listed as FAILED by the duplicate-rules lint, which is not fatal
                // without --lint-fatal; a ruler loads such a file.
                return List.of();
            }
            assertThat(lines).isNotEmpty();
            return lines;
        } finally {
            p.destroyForcibly();
        }
    }
}
