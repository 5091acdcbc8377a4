package io.jthanos.cmd.tracing.jaeger;

import java.util.Arrays;

/**
 * Thrift's compact protocol (TCompactProtocol): zigzag varints for integers, field headers holding the id as a delta
 * from the previous field of the same struct, booleans folded into their field header, little-endian doubles.
 */
final class ThriftCompactWriter extends ThriftWriter {

  /** {@code TMessageType.ONEWAY}. */
  static final int MESSAGE_ONEWAY = 4;

  private static final int PROTOCOL_ID = 0x82;
  private static final int VERSION = 1;
  private static final int STOP = 0;
  private static final int TYPE_BOOL_TRUE = 1;
  private static final int TYPE_BOOL_FALSE = 2;

  /** Last field id of each open struct, innermost last. */
  private int[] lastFieldIds = new int[16];
  private int depth;
  private int lastFieldId;

  void messageBegin(String name, int messageType, int seqId) {
    writeByte(PROTOCOL_ID);
    writeByte(VERSION | (messageType << 5));
    writeVarint(seqId);
    writeString(name);
  }

  @Override
  void structBegin() {
    if (depth == lastFieldIds.length) {
      lastFieldIds = Arrays.copyOf(lastFieldIds, depth * 2);
    }
    lastFieldIds[depth++] = lastFieldId;
    lastFieldId = 0;
  }

  @Override
  void structEnd() {
    writeByte(STOP);
    lastFieldId = lastFieldIds[--depth];
  }

  @Override
  void fieldBegin(int id, ThriftType type) {
    fieldHeader(id, typeCode(type));
  }

  @Override
  void boolField(int id, boolean value) {
    fieldHeader(id, value ? TYPE_BOOL_TRUE : TYPE_BOOL_FALSE);
  }

  @Override
  void writeI32(int value) {
    writeVarint((value << 1) ^ (value >> 31));
  }

  @Override
  void writeI64(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      writeByte((int) (zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    writeByte((int) zigzag);
  }

  @Override
  void writeDouble(double value) {
    long bits = Double.doubleToLongBits(value);
    for (int shift = 0; shift < 64; shift += 8) {
      writeByte((int) (bits >>> shift));
    }
  }

  @Override
  void writeBinary(byte[] value) {
    writeVarint(value.length);
    writeRaw(value);
  }

  @Override
  void listBegin(ThriftType elementType, int size) {
    if (size < 15) {
      writeByte((size << 4) | typeCode(elementType));
    } else {
      writeByte(0xF0 | typeCode(elementType));
      writeVarint(size);
    }
  }

  @Override
  void reset() {
    super.reset();
    depth = 0;
    lastFieldId = 0;
  }

  private void fieldHeader(int id, int typeCode) {
    int delta = id - lastFieldId;
    if (delta > 0 && delta <= 15) {
      writeByte((delta << 4) | typeCode);
    } else {
      writeByte(typeCode);
      writeI32(id);
    }
    lastFieldId = id;
  }

  /** Unsigned LEB128 of the 32 bits of {@code value}. */
  private void writeVarint(int value) {
    while ((value & ~0x7F) != 0) {
      writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    writeByte(value);
  }

  private static int typeCode(ThriftType type) {
    return switch (type) {
      case BOOL -> TYPE_BOOL_TRUE;
      case I32 -> 5;
      case I64 -> 6;
      case DOUBLE -> 7;
      case STRING -> 8;
      case LIST -> 9;
      case STRUCT -> 12;
    };
  }
}
