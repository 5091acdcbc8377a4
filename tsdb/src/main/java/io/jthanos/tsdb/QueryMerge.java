package io.jthanos.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.MergeChunkSeriesSet;
import io.jthanos.storage.MergeQuerier;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Queriers over blocks and head as one, through the storage merge helpers. */
final class QueryMerge {
    private QueryMerge() {}

    static Querier queriers(List<Querier> queriers) {
        return queriers.size() == 1 ? queriers.getFirst() : new MergeQuerier(queriers);
    }

    static ChunkQuerier chunkQueriers(List<ChunkQuerier> queriers) {
        return queriers.size() == 1 ? queriers.getFirst() : new MergedChunkQuerier(queriers);
    }

    /** The chunk counterpart of {@link MergeQuerier}: series merged by {@link MergeChunkSeriesSet}. */
    private record MergedChunkQuerier(List<ChunkQuerier> queriers) implements ChunkQuerier {
        @Override
        public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            List<ChunkSeriesSet> sets = new ArrayList<>(queriers.size());
            for (ChunkQuerier q : queriers) {
                sets.add(q.select(true, hints, matchers)); // the merge needs sorted inputs
            }
            return new MergeChunkSeriesSet(sets);
        }

        @Override
        public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
            TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
            Annotations w = Annotations.EMPTY;
            for (ChunkQuerier q : queriers) {
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
            for (ChunkQuerier q : queriers) {
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
            for (ChunkQuerier q : queriers) {
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
}
