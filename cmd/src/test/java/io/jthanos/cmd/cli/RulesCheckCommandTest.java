package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thanos tools rules-check}, as Thanos's: a line per pattern and file, SUCCESS or FAILED with each error. */
class RulesCheckCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String log, String err) {}

  private static Run run(String... args) {
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      code = Cli.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    } finally {
      System.setErr(stderr);
    }
    return new Run(code, log.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void validFilesPassWithTheirRuleCount() throws Exception {
    Files.writeString(tmp.resolve("a.yml"), """
        groups:
          - name: g1
            partial_response_strategy: warn
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: Down
                expr: up == 0
                for: 5m
          - name: g2
            rules:
              - record: x
                expr: vector(1)
        """);

    Run r = run("tools", "rules-check", "--rules=" + tmp.resolve("*.yml"));

    assertThat(r.exitCode()).as(r.log()).isZero();
    assertThat(r.log()).contains("msg=checking pattern=" + tmp.resolve("*.yml"),
        "msg=checking filename=" + tmp.resolve("a.yml"), "level=info", "result=SUCCESS rules_found=3");
    assertThat(r.log()).doesNotContain("msg=\"\"");
  }

  @Test
  void anInvalidFileAndAPatternWithoutFilesFailTheCheckWithEachError() throws Exception {
    Files.writeString(tmp.resolve("bad.yml"), """
        groups:
          - name: g
            rules:
              - record: x
                expr: sum(
        """);

    Run r = run("tools", "rules-check", "--rules=" + tmp.resolve("bad.yml"), "--rules=" + tmp.resolve("none-*.yml"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.log()).contains("level=error", "result=FAILED", "could not parse expression",
        "result=FAILED error=\"matching file not found\"");
    assertThat(r.err()).contains("2 rule file patterns or files failed the check");
  }
}
