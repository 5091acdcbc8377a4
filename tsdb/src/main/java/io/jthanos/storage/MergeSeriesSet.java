package io.jthanos.storage;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * A k-way merge of series sets that are each sorted by labels: the result is sorted, and series with
 * equal labels become one series whose samples are chained by timestamp with duplicates collapsed, the
 * earliest set winning (Prometheus's {@code NewMergeSeriesSet} with {@code ChainedSeriesMerge}).
 */
public final class MergeSeriesSet implements SeriesSet {
    private final SortedSetMerge<SeriesSet> merge;
    private Series cur;

    public MergeSeriesSet(List<SeriesSet> sets) {
        this.merge = new SortedSetMerge<>(sets, SeriesSet::next, s -> s.at().labels());
    }

    @Override
    public boolean next() {
        if (!merge.next()) {
            cur = null;
            return false;
        }
        List<SeriesSet> same = merge.group();
        if (same.size() == 1) {
            cur = same.getFirst().at();
        } else {
            List<Series> series = new ArrayList<>(same.size());
            for (SeriesSet s : same) {
                series.add(s.at());
            }
            cur = new ChainedSeries(merge.labels(), series);
        }
        return true;
    }

    @Override
    public Series at() {
        return cur;
    }

    @Override
    public Annotations warnings() {
        return merge.warnings(SeriesSet::warnings);
    }

    private record ChainedSeries(Labels labels, List<Series> series) implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            SampleIterator[] its = new SampleIterator[series.size()];
            for (int i = 0; i < its.length; i++) {
                its[i] = series.get(i).iterator(null);
            }
            return new ChainSampleIterator(its);
        }
    }
}
