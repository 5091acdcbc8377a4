package io.jthanos.storage;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A k-way merge of chunk series sets that are each sorted by labels. Series with equal labels become
 * one series whose chunks are those of all inputs ordered by {@code minTime}, merged vertically as
 * Prometheus's {@code NewCompactingChunkSeriesMerger} does: chunks that overlap no other pass through
 * untouched, exact duplicates (same time range and bytes) are kept once, and every other run of
 * overlapping chunks is re-encoded into time-ordered XOR chunks of at most 120 samples with one sample
 * per timestamp (see {@link CompactingChunkIterator}).
 */
public final class MergeChunkSeriesSet implements ChunkSeriesSet {
    private final SortedSetMerge<ChunkSeriesSet> merge;
    private ChunkSeries cur;

    public MergeChunkSeriesSet(List<ChunkSeriesSet> sets) {
        this.merge = new SortedSetMerge<>(sets, ChunkSeriesSet::next, s -> s.at().labels());
    }

    @Override
    public boolean next() {
        if (!merge.next()) {
            cur = null;
            return false;
        }
        List<ChunkSeriesSet> same = merge.group();
        if (same.size() == 1) {
            cur = same.getFirst().at();
        } else {
            List<ChunkSeries> series = new ArrayList<>(same.size());
            for (ChunkSeriesSet s : same) {
                series.add(s.at());
            }
            cur = new CompactingSeries(merge.labels(), series);
        }
        return true;
    }

    @Override
    public ChunkSeries at() {
        return cur;
    }

    @Override
    public Annotations warnings() {
        return merge.warnings(ChunkSeriesSet::warnings);
    }

    private record CompactingSeries(Labels labels, List<ChunkSeries> series) implements ChunkSeries {
        @Override
        public ChunkIterator chunks() {
            ChunkIterator[] its = new ChunkIterator[series.size()];
            for (int i = 0; i < its.length; i++) {
                its[i] = series.get(i).chunks();
            }
            return new CompactingChunkIterator(its);
        }
    }
}
