package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;

/** One element of an instant query result (a scalar result has empty labels). */
public record Sample(Labels labels, long timestamp, double value) {
}
