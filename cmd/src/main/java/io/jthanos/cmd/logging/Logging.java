package io.jthanos.cmd.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/**
 * Configures logback programmatically from {@code --log.level} and {@code --log.format}: one
 * appender writing to stderr (as Thanos does) through {@link LogfmtLayout} or {@link JsonLayout}.
 * Replaces any configuration logback loaded from the class path.
 */
public final class Logging {

  private static final String APPENDER = "jthanos-stderr";

  private Logging() {}

  /** Routes all logging to stderr in the given format, filtered at the given level. */
  public static void configure(LogLevel level, LogFormat format) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setTarget("System.err");
    install(level, format, appender);
  }

  /** As {@link #configure}, but writes to {@code out}; for tests. */
  public static void configure(LogLevel level, LogFormat format, OutputStream out) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setOutputStream(out);
    install(level, format, appender);
  }

  static Layout<ILoggingEvent> layout(LogFormat format) {
    return switch (format) {
      case logfmt -> new LogfmtLayout();
      case json -> new JsonLayout();
    };
  }

  private static void install(LogLevel level, LogFormat format, OutputStreamAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    Layout<ILoggingEvent> layout = layout(format);
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();

    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level.logbackLevel());
    root.addAppender((Appender<ILoggingEvent>) appender);
    // Netty and gRPC are chatty at debug; keep them at info unless something goes wrong.
    if (level == LogLevel.debug) {
      context.getLogger("io.netty").setLevel(ch.qos.logback.classic.Level.INFO);
      context.getLogger("io.grpc").setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }
}
