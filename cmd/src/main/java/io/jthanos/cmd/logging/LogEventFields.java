package io.jthanos.cmd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.jthanos.tsdb.tool.GoFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.event.KeyValuePair;

/**
 * The key/value pairs of one log line in go-kit order: {@code level}, {@code ts}, {@code caller},
 * {@code msg} (unless empty), then the event's SLF4J key/value pairs, then {@code err} for an attached throwable.
 */
final class LogEventFields {

  private LogEventFields() {}

  static List<KeyValuePair> of(ILoggingEvent event) {
    List<KeyValuePair> fields = new ArrayList<>();
    fields.add(new KeyValuePair("level", event.getLevel().toString().toLowerCase(Locale.ROOT)));
    fields.add(new KeyValuePair("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString()));
    fields.add(new KeyValuePair("caller", caller(event)));
    String msg = event.getFormattedMessage();
    if (msg != null && !msg.isEmpty()) { // go-kit lines may have no msg: level=error result=FAILED
      fields.add(new KeyValuePair("msg", msg));
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        // durations as Go prints them (48ms, 1m30s), as in Thanos's logs, not Java's PT0.048S
        fields.add(kv.value instanceof Duration d ? new KeyValuePair(kv.key, GoFormat.duration(d.toMillis())) : kv);
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      fields.add(new KeyValuePair("err", describe(error)));
    }
    return fields;
  }

  private static String caller(ILoggingEvent event) {
    StackTraceElement[] callerData = event.getCallerData();
    if (callerData == null || callerData.length == 0 || callerData[0].getFileName() == null) {
      return event.getLoggerName();
    }
    return callerData[0].getFileName() + ":" + callerData[0].getLineNumber();
  }

  /**
   * The messages of the error and its causes joined Go-style ("wrapper: cause"), leaving out a cause that a
   * wrapper already quotes (Java's {@code new X("what: " + e.getMessage(), e)}).
   */
  private static String describe(IThrowableProxy error) {
    StringBuilder out = new StringBuilder();
    for (IThrowableProxy e = error; e != null; e = e.getCause()) {
      String m = e.getMessage() != null ? e.getMessage() : e.getClassName();
      if (out.indexOf(m) >= 0) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(": ");
      }
      out.append(m);
    }
    return out.toString();
  }
}
