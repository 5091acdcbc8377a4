package io.jthanos.cmd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Logger log = LoggerFactory.getLogger(LoggingTest.class);

  @AfterEach
  void restoreDefaults() {
    Logging.configure(LogLevel.info, LogFormat.logfmt);
  }

  private String written() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logfmtLineHasThanosFieldOrderAndQuoting() {
    Logging.configure(LogLevel.info, LogFormat.logfmt, out);

    log.atInfo().addKeyValue("address", "0.0.0.0:10902").addKeyValue("component", "receive")
        .addKeyValue("path", "a b=\"c\"").log("listening for requests and metrics");

    assertThat(written()).matches(
        "level=info ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z caller=LoggingTest\\.java:\\d+ "
            + "msg=\"listening for requests and metrics\" address=0.0.0.0:10902 component=receive "
            + "path=\"a b=\\\\\"c\\\\\"\"\n");
  }

  @Test
  void durationsAreWrittenAsGoWritesThem() {
    Logging.configure(LogLevel.info, LogFormat.logfmt, out);

    log.atInfo().addKeyValue("duration", Duration.ofMillis(48))
        .addKeyValue("grace_period", Duration.ofSeconds(90)).log("compaction iteration done");

    assertThat(written()).endsWith("msg=\"compaction iteration done\" duration=48ms grace_period=1m30s\n");
  }

  @Test
  void levelFiltersAndErrorsCarryTheirCause() {
    Logging.configure(LogLevel.warn, LogFormat.logfmt, out);

    log.info("hidden");
    log.atError().setCause(new IllegalStateException("disk full")).log("upload failed");

    assertThat(written()).doesNotContain("hidden");
    assertThat(written()).startsWith("level=error ").contains("msg=\"upload failed\"", "err=\"disk full\"");
    assertThat(written().lines()).hasSize(1);
  }

  @Test
  void aCauseIsWrittenOnceWhetherOrNotItsWrapperQuotesIt() {
    Logging.configure(LogLevel.info, LogFormat.logfmt, out);
    Exception cause = new java.io.IOException("object not found");

    log.atError().setCause(new IllegalStateException("upload meta.json", cause)).log("a");
    log.atError().setCause(new IllegalStateException("compact: " + cause.getMessage(), cause)).log("b");

    assertThat(written().lines()).satisfiesExactly(
        a -> assertThat(a).contains("err=\"upload meta.json: object not found\""),
        b -> assertThat(b).contains("err=\"compact: object not found\""));
  }

  @Test
  void debugLevelShowsDebug() {
    Logging.configure(LogLevel.debug, LogFormat.logfmt, out);
    log.debug("details");
    assertThat(written()).startsWith("level=debug ").contains("msg=details");
  }

  @Test
  void jsonLineIsOneObjectWithTypedValues() {
    Logging.configure(LogLevel.info, LogFormat.json, out);

    log.atWarn().addKeyValue("blocks", 3).addKeyValue("partial", true).addKeyValue("tenant", "a\"b\n").log("sync done");

    assertThat(written()).matches(
        "\\{\"level\":\"warn\",\"ts\":\"[^\"]+Z\",\"caller\":\"LoggingTest\\.java:\\d+\",\"msg\":\"sync done\","
            + "\"blocks\":3,\"partial\":true,\"tenant\":\"a\\\\\"b\\\\n\"}\n");
  }

  @Test
  void emptyValuesAreQuotedInLogfmt() {
    StringBuilder sb = new StringBuilder();
    LogfmtLayout.appendValue(sb, "");
    assertThat(sb.toString()).isEqualTo("\"\"");
  }

  @Test
  void logfmtEscapesQuotedValuesAsJsonDoes() {
    String value = "a \"b\"\\\n\r\t\u0001=";
    String escaped = "\"a \\\"b\\\"\\\\\\n\\r\\t\\u0001=\"";
    StringBuilder logfmt = new StringBuilder();
    LogfmtLayout.appendValue(logfmt, value);
    assertThat(logfmt.toString()).isEqualTo(escaped);
    StringBuilder json = new StringBuilder();
    JsonLayout.appendString(json, value);
    assertThat(json.toString()).isEqualTo(escaped);
    StringBuilder plain = new StringBuilder();
    LogfmtLayout.appendValue(plain, "0.0.0.0:10902");
    assertThat(plain.toString()).isEqualTo("0.0.0.0:10902");
  }
}
