package io.jthanos.cmd.cli;

import java.time.Duration;

/** Go's {@code time.Duration.String()} for whole milliseconds and more: {@code 2h0m0s}, {@code 1.5s}, {@code 0s}. */
public final class GoDurations {
  private GoDurations() {}

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    if (ms < 1000) {
      return sb.append(ms).append("ms").toString();
    }
    long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(s);
    if (frac > 0) {
      String f = String.format("%03d", frac);
      sb.append('.').append(f.replaceAll("0+$", ""));
    }
    return sb.append('s').toString();
  }
}
