package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import java.util.List;

/**
 * Dropping the metric name from a result, as functions, arithmetic, {@code bool} comparisons and
 * {@code histogram_quantile} do. Since Prometheus 3.5 the metadata labels {@code __type__} and
 * {@code __unit__} (written when its type-and-unit-labels feature is on) describe the metric and go
 * with its name ({@code DropReserved(schema.IsMetadataLabel)}). Aggregation with {@code without} and
 * vector matching drop only {@code __name__}, as there.
 */
public final class MetricName {

    /** {@code __type__}: the metric's type, when the sender writes it as a label. */
    public static final String TYPE_LABEL = "__type__";
    /** {@code __unit__}: the metric's unit, when the sender writes it as a label. */
    public static final String UNIT_LABEL = "__unit__";

    private static final List<String> WITH_METADATA = List.of(Labels.METRIC_NAME, TYPE_LABEL, UNIT_LABEL);

    private MetricName() {
    }

    /** {@code l} without {@code __name__}, {@code __type__} and {@code __unit__}. */
    public static Labels drop(Labels l) {
        if (l.has(Labels.METRIC_NAME) || l.has(TYPE_LABEL) || l.has(UNIT_LABEL)) {
            return l.without(WITH_METADATA);
        }
        return l;
    }
}
