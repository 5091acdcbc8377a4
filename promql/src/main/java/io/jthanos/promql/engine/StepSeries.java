package io.jthanos.promql.engine;

import io.jthanos.model.Labels;

/**
 * One series of an evaluated instant vector over all steps: {@code values[i]} is the value at step
 * {@code i} or {@link Steps#ABSENT}. Internal to the engine.
 */
public record StepSeries(Labels labels, double[] values) {
}
