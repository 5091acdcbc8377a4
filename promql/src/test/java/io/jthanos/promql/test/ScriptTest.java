package io.jthanos.promql.test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every {@code promqltest/*.test} script; each {@code eval} is one test. */
class ScriptTest {

    @TestFactory
    Stream<DynamicContainer> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(ScriptTest.class.getResource("/promqltest").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".test")).sorted().forEach(files::add);
        }
        List<DynamicContainer> containers = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<TestScript.Eval> evals = TestScript.parse(name, Files.readString(f));
            List<DynamicTest> tests = new ArrayList<>();
            for (TestScript.Eval e : evals) {
                tests.add(DynamicTest.dynamicTest(e.line() + ": " + e.text(), () -> e.check().run()));
            }
            containers.add(DynamicContainer.dynamicContainer(name, tests));
        }
        return containers.stream();
    }
}
