package io.jthanos.promql.engine;

import java.util.List;

/** A range vector: series sorted by labels. */
public record Matrix(List<RangeSeries> series) implements Value {

    public Matrix {
        series = List.copyOf(series);
    }
}
