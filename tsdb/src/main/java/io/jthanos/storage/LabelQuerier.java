package io.jthanos.storage;

import io.jthanos.model.Matcher;

/**
 * Label lookups over a fixed time range. Closing releases what the querier holds; results obtained
 * from it must not be used afterwards.
 */
public interface LabelQuerier extends AutoCloseable {
    /**
     * Values of label {@code name} of the series matching all {@code matchers} (all series when none),
     * sorted in UTF-8 byte order.
     */
    LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers);

    /** Label names of the series matching all {@code matchers} (all series when none), sorted. */
    LabelQueryResult labelNames(LabelHints hints, Matcher... matchers);

    @Override
    void close();
}
