package io.jthanos.cmd.tracing.jaeger;

/**
 * Thrift's binary protocol (TBinaryProtocol, strict): big-endian fixed-width integers, a one-byte type and an i16 id
 * per field header, i32-length-prefixed strings and lists.
 */
final class ThriftBinaryWriter extends ThriftWriter {

  private static final int STOP = 0;

  @Override
  void structBegin() {}

  @Override
  void structEnd() {
    writeByte(STOP);
  }

  @Override
  void fieldBegin(int id, ThriftType type) {
    writeByte(typeCode(type));
    writeByte(id >>> 8);
    writeByte(id);
  }

  @Override
  void boolField(int id, boolean value) {
    fieldBegin(id, ThriftType.BOOL);
    writeByte(value ? 1 : 0);
  }

  @Override
  void writeI32(int value) {
    writeByte(value >>> 24);
    writeByte(value >>> 16);
    writeByte(value >>> 8);
    writeByte(value);
  }

  @Override
  void writeI64(long value) {
    writeI32((int) (value >>> 32));
    writeI32((int) value);
  }

  @Override
  void writeDouble(double value) {
    writeI64(Double.doubleToLongBits(value));
  }

  @Override
  void writeBinary(byte[] value) {
    writeI32(value.length);
    writeRaw(value);
  }

  @Override
  void listBegin(ThriftType elementType, int size) {
    writeByte(typeCode(elementType));
    writeI32(size);
  }

  private static int typeCode(ThriftType type) {
    return switch (type) {
      case BOOL -> 2;
      case DOUBLE -> 4;
      case I32 -> 8;
      case I64 -> 10;
      case STRING -> 11;
      case STRUCT -> 12;
      case LIST -> 15;
    };
  }
}
