package io.jthanos.storage;

import io.jthanos.model.Matcher;

/** Reads series as samples over the time range it was opened for (Prometheus's {@code storage.Querier}). */
public interface Querier extends LabelQuerier {
    /**
     * Series matching all {@code matchers} (at least one). When {@code sortSeries} the set is sorted by
     * labels. {@code hints} may be {@code null}.
     */
    SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers);
}
