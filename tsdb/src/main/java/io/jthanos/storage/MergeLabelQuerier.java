package io.jthanos.storage;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The label half of a merge over several queriers: label names and values are the sorted union of
 * theirs, warnings merged, the limit applied after the union. Closing closes all of them.
 */
abstract class MergeLabelQuerier<Q extends LabelQuerier> implements LabelQuerier {
    protected final List<Q> queriers;

    MergeLabelQuerier(List<? extends Q> queriers) {
        this.queriers = List.copyOf(queriers);
    }

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
        Annotations w = Annotations.EMPTY;
        for (Q q : queriers) {
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
        for (Q q : queriers) {
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
        for (Q q : queriers) {
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
