package io.jthanos.cmd.tracing.jaeger;

import io.opentelemetry.sdk.common.CompletableResultCode;

/** Delivers Jaeger batches to one destination. Implementations log their own failures and never throw. */
interface BatchSender {

  CompletableResultCode send(JaegerBatch batch);

  /** Spans given up on without trying to deliver them. */
  long droppedSpans();

  /** Releases sockets and clients; sends after this fail. */
  void close();
}
