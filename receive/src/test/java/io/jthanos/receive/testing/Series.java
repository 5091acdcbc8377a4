package io.jthanos.receive.testing;

import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Builders for remote-write test payloads. */
public final class Series {
    private Series() {}

    /** A series from alternating label names and values (kept in the given order) and (t, v) samples. */
    public static TimeSeries of(String[] labels, double... timestampsAndValues) {
        TimeSeries.Builder b = TimeSeries.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        for (int i = 0; i < timestampsAndValues.length; i += 2) {
            b.addSamples(Sample.newBuilder().setTimestamp((long) timestampsAndValues[i]).setValue(timestampsAndValues[i + 1]));
        }
        return b.build();
    }

    public static String[] labels(String... namesAndValues) {
        return namesAndValues;
    }

    /** The snappy-compressed protobuf of a v1 request. */
    public static byte[] body(TimeSeries... series) {
        WriteRequest.Builder b = WriteRequest.newBuilder();
        for (TimeSeries s : series) {
            b.addTimeseries(s);
        }
        return snappy(b.build().toByteArray());
    }

    public static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
