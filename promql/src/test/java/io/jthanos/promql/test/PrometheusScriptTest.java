package io.jthanos.promql.test;

import io.jthanos.testing.Oracles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Prometheus 3.5's own PromQL test scripts ({@code promql/promqltest/testdata} of the Go source package
 * that {@code scripts/fetch-oracles.sh} fetches with the oracle binaries), run against our engine with
 * {@link PrometheusScript}; each {@code eval} is one test. The evals whose expectations we do not meet, and
 * why, are listed in {@value #DIFFERENCES}; a listed eval that passes fails the test.
 */
class PrometheusScriptTest {

    private static final String DIFFERENCES = "prometheus-promqltest-differences.txt";

    @TestFactory
    Stream<DynamicContainer> prometheusScripts() throws IOException {
        Path dir = Oracles.promqlTestScripts();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".test")).sorted().forEach(files::add);
        }
        Map<String, String> differences = differences();
        Set<String> listed = new HashSet<>();
        List<DynamicContainer> containers = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<DynamicTest> tests = new ArrayList<>();
            for (PrometheusScript.Eval e : PrometheusScript.parse(name, Files.readString(f))) {
                String difference = differences.get(name + ":" + e.query());
                if (difference != null) {
                    listed.add(name + ":" + e.query());
                }
                tests.add(DynamicTest.dynamicTest(e.line() + ": " + e.text(), () -> run(name, e, difference)));
            }
            containers.add(DynamicContainer.dynamicContainer(name, tests));
        }
        for (String key : differences.keySet()) {
            if (!listed.contains(key)) {
                throw new IllegalStateException(DIFFERENCES + " lists an eval that no script has: " + key);
            }
        }
        return containers.stream();
    }

    private static void run(String file, PrometheusScript.Eval e, String difference) {
        String where = file + ":" + e.line();
        if (difference == null) {
            e.check().run();
        } else {
            try {
                e.check().run();
            } catch (AssertionError expected) {
                skip(where + ": listed difference: " + difference + " (" + expected.getMessage().lines().findFirst().orElse("") + ")");
            }
            throw new AssertionError(where + ": passes now; remove it from " + DIFFERENCES);
        }
        e.skipReason().ifPresent(reason -> skip(where + ": " + reason));
    }

    private static void skip(String message) {
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** The listed differences, by {@code file:query}. */
    private static Map<String, String> differences() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = PrometheusScriptTest.class.getResourceAsStream("/" + DIFFERENCES)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalStateException(DIFFERENCES + ": no reason in " + line);
                }
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
    }
}
