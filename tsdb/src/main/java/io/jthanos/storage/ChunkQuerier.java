package io.jthanos.storage;

import io.jthanos.model.Matcher;

/** Reads series as encoded chunks (Prometheus's {@code storage.ChunkQuerier}). */
public interface ChunkQuerier extends LabelQuerier {
    /** As {@link Querier#select}, yielding chunks. */
    ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers);
}
