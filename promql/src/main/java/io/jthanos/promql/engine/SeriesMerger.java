package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects output series by label set, merging series whose labels became equal (for example after
 * the metric name was dropped) as long as they never have a value at the same step, as Prometheus's
 * per-step evaluation does. Internal to the engine.
 */
public final class SeriesMerger {

    private final int steps;
    private final Map<Labels, double[]> byLabels = new HashMap<>();
    private final List<StepSeries> out = new ArrayList<>();
    private String duplicateMessage = "vector cannot contain metrics with the same labelset";

    public SeriesMerger(int steps) {
        this.steps = steps;
    }

    /** Uses a different message for a value written twice at the same step. */
    public SeriesMerger duplicateMessage(String message) {
        this.duplicateMessage = message;
        return this;
    }

    /** The values array of the series with these labels, created absent on first use. */
    public double[] series(Labels labels) {
        double[] v = byLabels.get(labels);
        if (v == null) {
            v = Steps.absent(steps);
            byLabels.put(labels, v);
            out.add(new StepSeries(labels, v));
        }
        return v;
    }

    /** Sets the value at a step, failing if the series already has one there. */
    public static void put(double[] series, int step, double value, String duplicateMessage) {
        if (Steps.isPresent(series[step])) {
            throw new QueryException.Evaluation(duplicateMessage);
        }
        series[step] = value;
    }

    /** Adds all present values of {@code values} under {@code labels}. */
    public void add(Labels labels, double[] values) {
        double[] existing = byLabels.get(labels);
        if (existing == null) {
            byLabels.put(labels, values);
            out.add(new StepSeries(labels, values));
            return;
        }
        for (int i = 0; i < steps; i++) {
            if (Steps.isPresent(values[i])) {
                put(existing, i, values[i], duplicateMessage);
            }
        }
    }

    /** The merged series, without series that have no value at all. */
    public List<StepSeries> result() {
        List<StepSeries> r = new ArrayList<>(out.size());
        for (StepSeries s : out) {
            if (Steps.countPresent(s.values()) > 0) {
                r.add(s);
            }
        }
        return r;
    }
}
