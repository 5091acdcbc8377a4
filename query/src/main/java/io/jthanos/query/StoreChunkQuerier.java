package io.jthanos.query;

import io.jthanos.model.Matcher;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.SelectHints;

/**
 * A {@link StoreQuerier} read as chunks, so that PromQL decodes the chunks a store sent itself instead of
 * reading them sample by sample through the dedup iterators; see {@link StoreChunkSeriesSet} for when the
 * received chunks are passed on and when deduplicated samples are.
 */
final class StoreChunkQuerier implements ChunkQuerier {
    private final StoreQuerier querier;

    StoreChunkQuerier(StoreQuerier querier) {
        this.querier = querier;
    }

    @Override
    public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        return new StoreChunkSeriesSet(querier.select(sortSeries, hints, matchers));
    }

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        return querier.labelValues(name, hints, matchers);
    }

    @Override
    public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
        return querier.labelNames(hints, matchers);
    }

    @Override
    public void close() {
        querier.close();
    }
}
