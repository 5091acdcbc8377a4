package io.jthanos.storage;

import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunk counterpart of {@link MergeQuerier}: selects are merged with {@link MergeChunkSeriesSet},
 * label names and values are the sorted union. Closing closes all of them.
 */
public final class MergeChunkQuerier extends MergeLabelQuerier<ChunkQuerier> implements ChunkQuerier {
    public MergeChunkQuerier(List<? extends ChunkQuerier> queriers) {
        super(queriers);
    }

    @Override
    public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        if (queriers.size() == 1) {
            return queriers.get(0).select(sortSeries, hints, matchers);
        }
        List<ChunkSeriesSet> sets = new ArrayList<>(queriers.size());
        for (ChunkQuerier q : queriers) {
            sets.add(q.select(true, hints, matchers)); // the merge needs sorted inputs
        }
        return new MergeChunkSeriesSet(sets);
    }
}
