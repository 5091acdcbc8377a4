package io.jthanos.receive.series;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.tsdb.head.LabelsKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of one write request as receive passes them from the decoder to the router and the
 * writer: per series its labels in the order the request gave them (not yet validated), its float
 * samples and whether it carried native histograms. Implemented over generated protobuf messages
 * ({@link ProtoSeriesBatch}) and over the bytes of a remote-write 1.0 request ({@link WriteRequestBytes}),
 * which answers the same without building label strings for series the head already holds.
 *
 * <p>Read-only; safe to read from several threads.
 */
public interface SeriesBatch {
    /** Number of series. */
    int size();

    /** Number of float samples of series {@code i}. */
    int sampleCount(int i);

    /** Timestamp of sample {@code s} of series {@code i}. */
    long timestamp(int i, int s);

    /** Value of sample {@code s} of series {@code i}. */
    double value(int i, int s);

    /** Whether series {@code i} carries native histograms. */
    boolean hasHistograms(int i);

    /**
     * Why the labels of series {@code i} are invalid ({@link LabelsValidator}'s messages, Thanos's
     * {@code labelpb.ValidateLabels}), or {@code null} when they are valid.
     */
    String invalidLabels(int i);

    /** The labels of series {@code i} as {@code {a="b", c="d"}}, in request order, for messages. */
    String formatLabels(int i);

    /** The labels of series {@code i}, which must be valid, as a key for head lookups. */
    LabelsKey labelsKey(int i);

    /** Adds the labels of series {@code i}, in request order, to a routing hash. */
    void hashLabels(int i, SeriesHash hash);

    /** Series {@code i} as a protobuf message, for forwarding to another receiver. */
    TimeSeries timeSeries(int i);

    /** Total number of float samples. */
    default long sampleCount() {
        long n = 0;
        for (int i = 0, size = size(); i < size; i++) {
            n += sampleCount(i);
        }
        return n;
    }

    /** Series {@code ids} (ascending indexes) of this batch; this batch itself when all are selected. */
    default SeriesBatch select(int[] ids) {
        return ids.length == size() ? this : new SelectedSeries(this, ids);
    }

    /** All series as protobuf messages. */
    default List<TimeSeries> toTimeSeries() {
        List<TimeSeries> out = new ArrayList<>(size());
        for (int i = 0, n = size(); i < n; i++) {
            out.add(timeSeries(i));
        }
        return out;
    }
}
