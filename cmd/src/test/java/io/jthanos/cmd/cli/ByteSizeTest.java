package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({"0, 0", "512B, 512", "1KB, 1024", "250MB, 262144000", "2GB, 2147483648", "64KiB, 65536",
      "1GB512MB, 1610612736", "1.5KB, 1536"})
  void parsesBase2Units(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "1kb", "MB", "1 MB", "1XB", "16EB"})
  void rejectsMalformedOrOverflowingSizes(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
