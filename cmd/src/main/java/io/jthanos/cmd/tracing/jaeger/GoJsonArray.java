package io.jthanos.cmd.tracing.jaeger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Renders an array attribute as Go's {@code encoding/json.Marshal} does, which is how the Go Jaeger exporter turns
 * array attributes into string tags: HTML-safe string escaping, shortest round-trip floats switching to exponent
 * form outside [1e-6, 1e21), and an empty string when a float is NaN or infinite (Marshal fails).
 */
final class GoJsonArray {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final BigDecimal EXPONENT_BELOW = new BigDecimal("1e-6");
  private static final BigDecimal EXPONENT_FROM = new BigDecimal("1e21");

  private GoJsonArray() {}

  static String ofStrings(List<String> values) {
    StringBuilder out = new StringBuilder().append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(out, values.get(i));
    }
    return out.append(']').toString();
  }

  /** Longs and booleans print the same in Go and Java. */
  static String ofPlain(List<?> values) {
    StringBuilder out = new StringBuilder().append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(values.get(i));
    }
    return out.append(']').toString();
  }

  static String ofDoubles(List<Double> values) {
    StringBuilder out = new StringBuilder().append('[');
    for (int i = 0; i < values.size(); i++) {
      double value = values.get(i);
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        return "";
      }
      if (i > 0) {
        out.append(',');
      }
      out.append(formatDouble(value));
    }
    return out.append(']').toString();
  }

  private static String formatDouble(double value) {
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    BigDecimal shortest = shortest(value);
    BigDecimal abs = shortest.abs();
    if (abs.compareTo(EXPONENT_BELOW) >= 0 && abs.compareTo(EXPONENT_FROM) < 0) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = shortest.precision() - shortest.scale() - 1;
    StringBuilder out = new StringBuilder();
    if (value < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    return out.append(exponent < 0 ? "e-" : "e+").append(Math.abs(exponent)).toString();
  }

  /**
   * Fewest significant digits that parse back to {@code value}. Java's {@link Double#toString} gives that, except
   * that where one digit would do it may prefer a closer two-digit decimal (4.9E-324); Go keeps the one digit.
   */
  private static BigDecimal shortest(double value) {
    BigDecimal javas = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (javas.precision() != 2) {
      return javas;
    }
    BigDecimal best = null;
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      BigDecimal candidate = javas.round(new MathContext(1, mode));
      if (Double.parseDouble(candidate.toString()) == value
          && (best == null || distance(candidate, value).compareTo(distance(best, value)) < 0)) {
        best = candidate;
      }
    }
    return best == null ? javas : best.stripTrailingZeros();
  }

  private static BigDecimal distance(BigDecimal candidate, double value) {
    return candidate.subtract(new BigDecimal(value)).abs();
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            appendUnicodeEscape(out, c);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
  }
}
