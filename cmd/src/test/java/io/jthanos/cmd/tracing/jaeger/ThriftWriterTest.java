package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;
import org.junit.jupiter.api.Test;

/** Both writers against libthrift's readers, including what the Jaeger model never needs: far field ids, long lists. */
class ThriftWriterTest {

  @Test
  void compactWriterIsReadByTCompactProtocol() throws Exception {
    roundTrip(new ThriftCompactWriter(), TCompactProtocol::new);
  }

  @Test
  void binaryWriterIsReadByTBinaryProtocol() throws Exception {
    roundTrip(new ThriftBinaryWriter(), TBinaryProtocol::new);
  }

  private static void roundTrip(ThriftWriter w, Function<TTransport, TProtocol> protocol) throws Exception {
    w.structBegin();
    w.i64Field(1, Long.MIN_VALUE);
    w.i32Field(2, -1);
    w.boolField(3, false);
    w.boolField(40, true);
    w.doubleField(41, -1.5e-300);
    w.stringField(42, "héllo 😀");
    w.fieldBegin(300, ThriftType.LIST);
    w.listBegin(ThriftType.I64, 20);
    for (int i = 0; i < 20; i++) {
      w.writeI64(Long.MAX_VALUE - i);
    }
    w.fieldBegin(301, ThriftType.STRUCT);
    w.structBegin();
    w.i32Field(7, Integer.MAX_VALUE);
    w.structEnd();
    w.i32Field(302, 5);
    w.structEnd();

    TProtocol in = protocol.apply(new TMemoryInputTransport(w.toByteArray()));
    in.readStructBegin();
    assertField(in.readFieldBegin(), 1, TType.I64);
    assertThat(in.readI64()).isEqualTo(Long.MIN_VALUE);
    assertField(in.readFieldBegin(), 2, TType.I32);
    assertThat(in.readI32()).isEqualTo(-1);
    assertField(in.readFieldBegin(), 3, TType.BOOL);
    assertThat(in.readBool()).isFalse();
    assertField(in.readFieldBegin(), 40, TType.BOOL);
    assertThat(in.readBool()).isTrue();
    assertField(in.readFieldBegin(), 41, TType.DOUBLE);
    assertThat(in.readDouble()).isEqualTo(-1.5e-300);
    assertField(in.readFieldBegin(), 42, TType.STRING);
    assertThat(in.readString()).isEqualTo("héllo 😀");
    assertField(in.readFieldBegin(), 300, TType.LIST);
    TList list = in.readListBegin();
    assertThat(list.elemType).isEqualTo(TType.I64);
    assertThat(list.size).isEqualTo(20);
    for (int i = 0; i < 20; i++) {
      assertThat(in.readI64()).isEqualTo(Long.MAX_VALUE - i);
    }
    assertField(in.readFieldBegin(), 301, TType.STRUCT);
    in.readStructBegin();
    assertField(in.readFieldBegin(), 7, TType.I32);
    assertThat(in.readI32()).isEqualTo(Integer.MAX_VALUE);
    assertThat(in.readFieldBegin().type).isEqualTo(TType.STOP);
    in.readStructEnd();
    assertField(in.readFieldBegin(), 302, TType.I32);
    assertThat(in.readI32()).isEqualTo(5);
    assertThat(in.readFieldBegin().type).isEqualTo(TType.STOP);
  }

  private static void assertField(TField field, int id, byte type) {
    assertThat(field.id).isEqualTo((short) id);
    assertThat(field.type).isEqualTo(type);
  }
}
