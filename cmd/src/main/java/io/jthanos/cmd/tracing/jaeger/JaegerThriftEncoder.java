package io.jthanos.cmd.tracing.jaeger;

import java.util.List;

/** Writes the Jaeger model as the structs of {@code jaeger.thrift}, in any thrift protocol. */
final class JaegerThriftEncoder {

  static final int BATCH_PROCESS = 1;
  static final int BATCH_SPANS = 2;

  private static final int TAG_TYPE_STRING = 0;
  private static final int TAG_TYPE_DOUBLE = 1;
  private static final int TAG_TYPE_BOOL = 2;
  private static final int TAG_TYPE_LONG = 3;
  private static final int SPAN_REF_FOLLOWS_FROM = 1;

  private JaegerThriftEncoder() {}

  static void writeBatch(ThriftWriter w, JaegerBatch batch) {
    w.structBegin();
    w.fieldBegin(BATCH_PROCESS, ThriftType.STRUCT);
    writeProcess(w, batch.process());
    w.fieldBegin(BATCH_SPANS, ThriftType.LIST);
    w.listBegin(ThriftType.STRUCT, batch.spans().size());
    for (JaegerSpan span : batch.spans()) {
      writeSpan(w, span);
    }
    w.structEnd();
  }

  static void writeProcess(ThriftWriter w, JaegerProcess process) {
    w.structBegin();
    w.stringField(1, process.serviceName());
    if (!process.tags().isEmpty()) {
      writeTagsField(w, 2, process.tags());
    }
    w.structEnd();
  }

  static void writeSpan(ThriftWriter w, JaegerSpan span) {
    w.structBegin();
    w.i64Field(1, span.traceIdLow());
    w.i64Field(2, span.traceIdHigh());
    w.i64Field(3, span.spanId());
    w.i64Field(4, span.parentSpanId());
    w.stringField(5, span.operationName());
    if (!span.references().isEmpty()) {
      w.fieldBegin(6, ThriftType.LIST);
      w.listBegin(ThriftType.STRUCT, span.references().size());
      for (JaegerSpanRef ref : span.references()) {
        writeSpanRef(w, ref);
      }
    }
    w.i32Field(7, span.flags());
    w.i64Field(8, span.startTime());
    w.i64Field(9, span.duration());
    writeTagsField(w, 10, span.tags());
    if (!span.logs().isEmpty()) {
      w.fieldBegin(11, ThriftType.LIST);
      w.listBegin(ThriftType.STRUCT, span.logs().size());
      for (JaegerLog log : span.logs()) {
        w.structBegin();
        w.i64Field(1, log.timestamp());
        writeTagsField(w, 2, log.fields());
        w.structEnd();
      }
    }
    w.structEnd();
  }

  private static void writeSpanRef(ThriftWriter w, JaegerSpanRef ref) {
    w.structBegin();
    w.i32Field(1, SPAN_REF_FOLLOWS_FROM);
    w.i64Field(2, ref.traceIdLow());
    w.i64Field(3, ref.traceIdHigh());
    w.i64Field(4, ref.spanId());
    w.structEnd();
  }

  private static void writeTagsField(ThriftWriter w, int id, List<JaegerTag> tags) {
    w.fieldBegin(id, ThriftType.LIST);
    w.listBegin(ThriftType.STRUCT, tags.size());
    for (JaegerTag tag : tags) {
      writeTag(w, tag);
    }
  }

  private static void writeTag(ThriftWriter w, JaegerTag tag) {
    w.structBegin();
    w.stringField(1, tag.key());
    switch (tag) {
      case JaegerTag.StringTag t -> {
        w.i32Field(2, TAG_TYPE_STRING);
        w.stringField(3, t.value());
      }
      case JaegerTag.DoubleTag t -> {
        w.i32Field(2, TAG_TYPE_DOUBLE);
        w.doubleField(4, t.value());
      }
      case JaegerTag.BoolTag t -> {
        w.i32Field(2, TAG_TYPE_BOOL);
        w.boolField(5, t.value());
      }
      case JaegerTag.LongTag t -> {
        w.i32Field(2, TAG_TYPE_LONG);
        w.i64Field(6, t.value());
      }
    }
    w.structEnd();
  }
}
