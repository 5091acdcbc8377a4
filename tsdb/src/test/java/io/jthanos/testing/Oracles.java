package io.jthanos.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the oracle binaries (Prometheus 3.5, promtool, Alertmanager, memcached) and the test data of Prometheus's source
 * (PromQL test scripts, rule files, the PromQL parser's tests) that {@code scripts/fetch-oracles.sh} unpacks. The directory comes from the system property {@code jthanos.oracles.dir}, else the
 * environment variable {@code JTHANOS_ORACLES}, else {@code ~/.cache/jthanos/oracles}; binaries sit in
 * its {@code bin/}.
 *
 * <p>When a binary is missing, tests fail under CI ({@code CI=true}) and are skipped elsewhere with a
 * message saying how to fetch it.
 */
public final class Oracles {
    private Oracles() {}

    public static Path promtool() {
        return require("promtool");
    }

    public static Path prometheus() {
        return require("prometheus");
    }

    public static Path alertmanager() {
        return require("alertmanager");
    }

    /** memcached, a wrapper script that runs the unpacked binary with its libraries. */
    public static Path memcached() {
        return require("memcached");
    }

    /** Prometheus's own PromQL test scripts ({@code promql/promqltest/testdata/*.test} of its source). */
    public static Path promqlTestScripts() {
        return testData("promqltest", "functions.test");
    }

    /** The rule files of Prometheus's test data (promtool's and rulefmt's), good and bad. */
    public static Path ruleFiles() {
        return testData("rules", "rules.yml");
    }

    /** The Go tests of Prometheus's PromQL parser ({@code parse_test.go}, {@code printer_test.go}, {@code prettier_test.go}). */
    public static Path promqlParserTests() {
        return testData("promql-parser", "parse_test.go");
    }

    private static Path testData(String name, String oneFile) {
        Path d = dir().resolve("testdata").resolve(name);
        if (Files.isRegularFile(d.resolve(oneFile))) {
            return d;
        }
        return missing("Prometheus's test data " + name, d);
    }

    /** The oracle directory this run uses (it may not exist). */
    public static Path dir() {
        String prop = System.getProperty("jthanos.oracles.dir");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${")) {
            return Path.of(prop);
        }
        String env = System.getenv("JTHANOS_ORACLES");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jthanos", "oracles");
    }

    private static Path require(String name) {
        Path bin = dir().resolve("bin").resolve(name);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        return missing(name, bin);
    }

    private static Path missing(String what, Path where) {
        String message = what + " not found at " + where + "; run scripts/fetch-oracles.sh (scripts/test.sh does it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
