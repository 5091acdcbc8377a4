package io.jthanos.cmd.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written like Prometheus's {@code model.Duration}: an optional sequence of
 * {@code <integer><unit>} terms in the fixed order {@code y w d h m s ms}, e.g. {@code 2m},
 * {@code 1h30m}, {@code 2w}, {@code 1y}, or the bare {@code 0}. A year is 365 days, a week 7 days.
 * Thanos uses this type for most duration flags ({@code --http-grace-period=2m}).
 */
public final class PromDuration {

  private static final Pattern SYNTAX =
      Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;
  private static final long YEAR = 365 * DAY;
  private static final long[] UNIT_MILLIS = {YEAR, WEEK, DAY, HOUR, MINUTE, SECOND, 1};

  private PromDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is empty, malformed or overflows
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
    }
    long millis = 0;
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      String group = m.group(i + 1);
      if (group == null) {
        continue;
      }
      try {
        millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(group), UNIT_MILLIS[i]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
      }
    }
    return Duration.ofMillis(millis);
  }

  /** Formats like Prometheus: {@code 0s}, {@code 1h30m}, {@code 2w}; years and weeks only when exact. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (ms < 0) {
      out.append('-');
      ms = -ms;
    }
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      long unit = UNIT_MILLIS[i];
      boolean exactOnly = i < 2;
      if (exactOnly && ms % unit != 0) {
        continue;
      }
      long v = ms / unit;
      if (v > 0) {
        out.append(v).append(units[i]);
        ms -= v * unit;
      }
    }
    return out.toString();
  }
}
