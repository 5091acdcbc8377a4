package io.jthanos.cmd.tracing.jaeger;

/** The thrift value types the Jaeger model uses; each protocol writer maps them to its own type codes. */
enum ThriftType {
  BOOL,
  I32,
  I64,
  DOUBLE,
  STRING,
  STRUCT,
  LIST
}
