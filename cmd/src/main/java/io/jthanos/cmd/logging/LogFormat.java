package io.jthanos.cmd.logging;

/** Values of {@code --log.format}, as in Thanos (journald is not offered). */
public enum LogFormat {
  logfmt,
  json
}
