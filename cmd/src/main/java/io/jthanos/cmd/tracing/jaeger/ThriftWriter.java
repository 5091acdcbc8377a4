package io.jthanos.cmd.tracing.jaeger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes thrift values into a growable byte buffer. Callers write a struct as {@link #structBegin()}, fields
 * (each a {@link #fieldBegin} followed by its value, or one {@link #boolField}) and {@link #structEnd()}; a list as
 * {@link #listBegin} followed by its elements. Subclasses fix the wire protocol. Not thread-safe.
 */
abstract sealed class ThriftWriter permits ThriftBinaryWriter, ThriftCompactWriter {

  private byte[] buffer = new byte[1024];
  private int size;

  abstract void structBegin();

  /** Writes the stop field that closes the current struct. */
  abstract void structEnd();

  /** Writes the header of field {@code id}; not for {@link ThriftType#BOOL}, see {@link #boolField}. */
  abstract void fieldBegin(int id, ThriftType type);

  abstract void boolField(int id, boolean value);

  abstract void writeI32(int value);

  abstract void writeI64(long value);

  abstract void writeDouble(double value);

  abstract void writeBinary(byte[] value);

  abstract void listBegin(ThriftType elementType, int size);

  final void writeString(String value) {
    writeBinary(value.getBytes(StandardCharsets.UTF_8));
  }

  final void i32Field(int id, int value) {
    fieldBegin(id, ThriftType.I32);
    writeI32(value);
  }

  final void i64Field(int id, long value) {
    fieldBegin(id, ThriftType.I64);
    writeI64(value);
  }

  final void doubleField(int id, double value) {
    fieldBegin(id, ThriftType.DOUBLE);
    writeDouble(value);
  }

  final void stringField(int id, String value) {
    fieldBegin(id, ThriftType.STRING);
    writeString(value);
  }

  /** Appends bytes another writer of the same protocol produced, e.g. a whole struct. */
  final void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  final void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  /** Discards everything written, keeping the buffer; subclasses reset their own state too. */
  void reset() {
    size = 0;
  }

  final byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
