package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.wal.Records;
import io.jthanos.tsdb.wal.SampleBatch;
import java.util.Arrays;

/** An appender's reusable buffers for building a commit's WAL records. */
final class CommitScratch {
    MemSeries[] series = new MemSeries[16];
    int seriesCount;
    final SampleBatch samples = new SampleBatch(128);
    private long[] refs = new long[16];
    private Labels[] labels = new Labels[16];

    void reset() {
        Arrays.fill(series, 0, seriesCount, null);
        seriesCount = 0;
        samples.clear();
    }

    void addSeries(MemSeries s) {
        if (seriesCount == series.length) {
            series = Arrays.copyOf(series, seriesCount * 2);
        }
        series[seriesCount++] = s;
    }

    /** The series record (when new series are referenced) and the samples record. */
    byte[][] records() {
        if (seriesCount == 0) {
            return new byte[][] {Records.encodeSamples(samples)};
        }
        if (refs.length < seriesCount) {
            refs = new long[series.length];
            labels = new Labels[series.length];
        }
        for (int i = 0; i < seriesCount; i++) {
            refs[i] = series[i].ref;
            labels[i] = series[i].labels;
        }
        byte[] seriesRecord = Records.encodeSeries(refs, labels, seriesCount);
        Arrays.fill(labels, 0, seriesCount, null);
        return new byte[][] {seriesRecord, Records.encodeSamples(samples)};
    }
}
