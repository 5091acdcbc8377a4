package io.jthanos.promql.engine;

import io.jthanos.storage.Annotations;

/** A query's value together with its warnings and info annotations and statistics. */
public record QueryResult(Value value, Annotations annotations, QueryStats stats) {
}
