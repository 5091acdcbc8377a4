package io.jthanos.storage;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A querier over several queriers (e.g. blocks and head): selects are merged with
 * {@link MergeSeriesSet}, label names and values are the sorted union. Closing closes all of them.
 */
public final class MergeQuerier implements Querier {
    private final List<Querier> queriers;

    public MergeQuerier(List<? extends Querier> queriers) {
        this.queriers = List.copyOf(queriers);
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

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
        Annotations w = Annotations.EMPTY;
        for (Querier q : queriers) {
            LabelQueryResult r = q.labelValues(name, hints, matchers);
            out.addAll(r.values());
            w = w.merge(r.warnings());
        }
        return new LabelQueryResult(limit(out, hints), w);
    }

    @Override
    public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
        Annotations w = Annotations.EMPTY;
        for (Querier q : queriers) {
            LabelQueryResult r = q.labelNames(hints, matchers);
            out.addAll(r.values());
            w = w.merge(r.warnings());
        }
        return new LabelQueryResult(limit(out, hints), w);
    }

    private static List<String> limit(TreeSet<String> values, LabelHints hints) {
        List<String> l = new ArrayList<>(values);
        return hints != null && hints.limit() > 0 && l.size() > hints.limit() ? l.subList(0, hints.limit()) : l;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Querier q : queriers) {
            try {
                q.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
