package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbToolsCommandTest {
    @TempDir Path dir;

    @Test
    void importsOpenMetricsThenDumpsAndListsTheBlocks() throws Exception {
        Path input = dir.resolve("in.om");
        Files.writeString(input, """
                # TYPE http_requests counter
                http_requests_total{code="200",path="/ü"} 1 7200
                http_requests_total{code="200",path="/ü"} 3 7215
                # TYPE temperature gauge
                temperature{room="a\\"b"} -1.5 7300
                # EOF
                """);
        Path db = dir.resolve("db");

        Result created = run("tools", "tsdb", "create-blocks-from", "openmetrics", input.toString(), db.toString());
        assertThat(created.code).as(created.err).isZero();
        assertThat(created.out).contains("BLOCK ULID", "SAMPLES 3", "SERIES 2");

        Result dump = run("tools", "tsdb", "dump", db.toString());
        assertThat(dump.code).as(dump.err).isZero();
        assertThat(dump.out.lines()).containsExactly(
                "{__name__=\"http_requests_total\", code=\"200\", path=\"/ü\"} 1 7200000",
                "{__name__=\"http_requests_total\", code=\"200\", path=\"/ü\"} 3 7215000",
                "{__name__=\"temperature\", room=\"a\\\"b\"} -1.5 7300000");

        Result filtered = run("tools", "tsdb", "dump", "--match", "{room=\"a\\\"b\"}", "--min-time", "7250000", db.toString());
        assertThat(filtered.out.lines()).containsExactly("{__name__=\"temperature\", room=\"a\\\"b\"} -1.5 7300000");

        Result list = run("tools", "tsdb", "list", db.toString());
        assertThat(list.code).isZero();
        assertThat(list.out.lines()).hasSize(2);
        assertThat(list.out.lines().toList().get(1)).contains("7200000", "3", "2");
    }

    @Test
    void missingInputsAreOneLineErrors() {
        Result r = run("tools", "tsdb", "dump", dir.resolve("nope").toString());
        assertThat(r.code).isNotZero();
        assertThat(r.err.strip().lines()).hasSize(1);
        assertThat(r.err).contains("nope");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
