package io.jthanos.receive.series;

import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.tsdb.head.LabelsKey;
import java.util.List;

/** Series held as generated protobuf messages (remote-write 2.0, forwarded writes, tests). */
public final class ProtoSeriesBatch implements SeriesBatch {
    private final List<TimeSeries> series;

    public ProtoSeriesBatch(List<TimeSeries> series) {
        this.series = series;
    }

    @Override
    public int size() {
        return series.size();
    }

    @Override
    public int sampleCount(int i) {
        return series.get(i).getSamplesCount();
    }

    @Override
    public long timestamp(int i, int s) {
        return series.get(i).getSamples(s).getTimestamp();
    }

    @Override
    public double value(int i, int s) {
        return series.get(i).getSamples(s).getValue();
    }

    @Override
    public boolean hasHistograms(int i) {
        return series.get(i).getHistogramsCount() > 0;
    }

    @Override
    public String invalidLabels(int i) {
        return LabelsValidator.validate(series.get(i).getLabelsList());
    }

    @Override
    public String formatLabels(int i) {
        return LabelsValidator.format(series.get(i).getLabelsList());
    }

    @Override
    public LabelsKey labelsKey(int i) {
        List<Label> labels = series.get(i).getLabelsList();
        String[] pairs = new String[labels.size() * 2];
        for (int l = 0, n = labels.size(); l < n; l++) {
            pairs[2 * l] = labels.get(l).getName();
            pairs[2 * l + 1] = labels.get(l).getValue();
        }
        return LabelsKey.of(Labels.fromSortedPairs(pairs));
    }

    @Override
    public void hashLabels(int i, SeriesHash hash) {
        List<Label> labels = series.get(i).getLabelsList();
        for (int l = 0, n = labels.size(); l < n; l++) {
            hash.label(labels.get(l).getName(), labels.get(l).getValue());
        }
    }

    @Override
    public TimeSeries timeSeries(int i) {
        return series.get(i);
    }

    @Override
    public List<TimeSeries> toTimeSeries() {
        return series;
    }
}
