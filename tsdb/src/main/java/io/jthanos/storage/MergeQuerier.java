package io.jthanos.storage;

import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A querier over several queriers (e.g. blocks and head): selects are merged with
 * {@link MergeSeriesSet}, label names and values are the sorted union. Closing closes all of them.
 */
public final class MergeQuerier extends MergeLabelQuerier<Querier> implements Querier {
    public MergeQuerier(List<? extends Querier> queriers) {
        super(queriers);
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        if (queriers.size() == 1) {
            return queriers.get(0).select(sortSeries, hints, matchers);
        }
        List<SeriesSet> sets = new ArrayList<>(queriers.size());
        for (Querier q : queriers) {
            sets.add(q.select(true, hints, matchers)); // the merge needs sorted inputs
        }
        return new MergeSeriesSet(sets);
    }
}
