package io.jthanos.receive.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jthanos.proto.prompb.TimeSeries;

/**
 * Converts between Prometheus's {@code prometheus.TimeSeries} and Thanos's {@code prometheus_copy.TimeSeries}
 * (same field numbers, so the bytes are interchangeable).
 */
final class WireConversions {
    private WireConversions() {}

    static io.jthanos.proto.storepb.prompb.TimeSeries toCopy(TimeSeries ts) {
        try {
            return io.jthanos.proto.storepb.prompb.TimeSeries.parseFrom(ts.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("prometheus and prometheus_copy TimeSeries diverged", e);
        }
    }

    static TimeSeries fromCopy(io.jthanos.proto.storepb.prompb.TimeSeries ts) throws InvalidProtocolBufferException {
        return TimeSeries.parseFrom(ts.toByteString());
    }
}
