package io.jthanos.cmd.logging;

import ch.qos.logback.classic.Level;

/** Values of {@code --log.level}, as in Thanos. */
public enum LogLevel {
  debug(Level.DEBUG),
  info(Level.INFO),
  warn(Level.WARN),
  error(Level.ERROR);

  private final Level logbackLevel;

  LogLevel(Level logbackLevel) {
    this.logbackLevel = logbackLevel;
  }

  Level logbackLevel() {
    return logbackLevel;
  }
}
