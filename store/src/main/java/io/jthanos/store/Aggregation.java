package io.jthanos.store;

/** Aggregates of downsampled data a series request asks for ({@code storepb.Aggr}); raw data ignores them. */
public enum Aggregation {
    RAW,
    COUNT,
    SUM,
    MIN,
    MAX,
    COUNTER
}
