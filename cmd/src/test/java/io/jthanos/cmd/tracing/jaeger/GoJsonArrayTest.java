package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected strings are what Go's {@code json.Marshal} prints for the same slices. */
class GoJsonArrayTest {

  @Test
  void stringsAreEscapedHtmlSafe() {
    assertThat(GoJsonArray.ofStrings(List.of("plain", "q\"b\\", "<a&b>", "\n\r\t\b\f\u0001", "\u2028\u2029", "é😀")))
        .isEqualTo("[\"plain\",\"q\\\"b\\\\\",\"\\u003ca\\u0026b\\u003e\",\"\\n\\r\\t\\b\\f\\u0001\","
            + "\"\\u2028\\u2029\",\"é😀\"]");
    assertThat(GoJsonArray.ofStrings(List.of("lone\uD800"))).isEqualTo("[\"lone\\ufffd\"]");
    assertThat(GoJsonArray.ofStrings(List.of())).isEqualTo("[]");
  }

  @Test
  void longsAndBooleansArePlain() {
    assertThat(GoJsonArray.ofPlain(List.of(Long.MIN_VALUE, 0L, 9L))).isEqualTo("[-9223372036854775808,0,9]");
    assertThat(GoJsonArray.ofPlain(List.of(true, false))).isEqualTo("[true,false]");
  }

  @Test
  void doublesAreShortestWithExponentOutsideOneMillionthToTenToTheTwentyOne() {
    assertThat(GoJsonArray.ofDoubles(List.of(0.0, -0.0, 1.0, -2.5, 0.1, 100.0, 123456789.0, 1e20)))
        .isEqualTo("[0,-0,1,-2.5,0.1,100,123456789,100000000000000000000]");
    assertThat(GoJsonArray.ofDoubles(List.of(0.000001, 0.0000012345, 1e21, 1.5e300, -1e-7, 1e-100)))
        .isEqualTo("[0.000001,0.0000012345,1e+21,1.5e+300,-1e-7,1e-100]");
    assertThat(GoJsonArray.ofDoubles(List.of(Double.MAX_VALUE, Double.MIN_VALUE, 2e-323)))
        .isEqualTo("[1.7976931348623157e+308,5e-324,2e-323]");
  }

  @Test
  void nonFiniteDoublesMakeAnEmptyString() {
    assertThat(GoJsonArray.ofDoubles(List.of(1.0, Double.NaN))).isEmpty();
    assertThat(GoJsonArray.ofDoubles(List.of(Double.POSITIVE_INFINITY))).isEmpty();
  }
}
