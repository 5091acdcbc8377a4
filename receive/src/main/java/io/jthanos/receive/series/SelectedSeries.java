package io.jthanos.receive.series;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.tsdb.head.LabelsKey;

/** Some series of another batch, by index: the part of a request that goes to one endpoint. */
final class SelectedSeries implements SeriesBatch {
    private final SeriesBatch batch;
    private final int[] ids;

    SelectedSeries(SeriesBatch batch, int[] ids) {
        this.batch = batch;
        this.ids = ids;
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public int sampleCount(int i) {
        return batch.sampleCount(ids[i]);
    }

    @Override
    public long timestamp(int i, int s) {
        return batch.timestamp(ids[i], s);
    }

    @Override
    public double value(int i, int s) {
        return batch.value(ids[i], s);
    }

    @Override
    public boolean hasHistograms(int i) {
        return batch.hasHistograms(ids[i]);
    }

    @Override
    public String invalidLabels(int i) {
        return batch.invalidLabels(ids[i]);
    }

    @Override
    public String formatLabels(int i) {
        return batch.formatLabels(ids[i]);
    }

    @Override
    public LabelsKey labelsKey(int i) {
        return batch.labelsKey(ids[i]);
    }

    @Override
    public void hashLabels(int i, SeriesHash hash) {
        batch.hashLabels(ids[i], hash);
    }

    @Override
    public TimeSeries timeSeries(int i) {
        return batch.timeSeries(ids[i]);
    }
}
