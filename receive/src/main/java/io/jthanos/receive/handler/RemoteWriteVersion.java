package io.jthanos.receive.handler;

/** The remote-write protobuf message of a request. */
public enum RemoteWriteVersion {
    /** {@code prometheus.WriteRequest}, remote-write 1.0. */
    V1,
    /** {@code io.prometheus.write.v2.Request}, remote-write 2.0. */
    V2
}
