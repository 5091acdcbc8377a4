package io.jthanos.cmd.cli;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes written like Thanos's {@code units.Base2Bytes} flags ({@code --chunk-pool-size=2GB}):
 * one or more {@code <number><unit>} terms, units {@code B, KB, MB, GB, TB, PB, EB} (also with
 * {@code iB}), all powers of 1024; the bare {@code 0} is allowed.
 */
public final class ByteSize {

  private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTPE]i?B|B)");
  private static final Map<String, Integer> SHIFT =
      Map.of("B", 0, "K", 10, "M", 20, "G", 30, "T", 40, "P", 50, "E", 60);

  private ByteSize() {}

  /**
   * Parses {@code text} into a number of bytes.
   *
   * @throws IllegalArgumentException when the text is malformed or does not fit a long
   */
  public static long parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty byte size");
    }
    if (text.equals("0")) {
      return 0;
    }
    Matcher m = TERM.matcher(text);
    int position = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (position < text.length()) {
      if (!m.find(position) || m.start() != position) {
        throw new IllegalArgumentException(
            "not a valid byte size: \"" + text + "\" (use a unit: B, KB, MB, GB, TB, PB, EB)");
      }
      int shift = SHIFT.get(m.group(2).substring(0, 1));
      total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift)));
      position = m.end();
    }
    try {
      return total.toBigInteger().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("byte size out of range: \"" + text + "\"");
    }
  }
}
