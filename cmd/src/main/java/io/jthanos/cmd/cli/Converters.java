package io.jthanos.cmd.cli;

import io.jthanos.model.ModelDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the value syntaxes Thanos flags use. */
public final class Converters {

  private Converters() {}

  /** Prometheus-style duration, see {@link ModelDuration}. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return ModelDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Base-2 byte size, see {@link ByteSize}. */
  public static final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return ByteSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
