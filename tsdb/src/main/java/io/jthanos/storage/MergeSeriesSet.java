package io.jthanos.storage;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A k-way merge of series sets that are each sorted by labels: the result is sorted, and series with
 * equal labels become one series whose samples are chained by timestamp with duplicates collapsed
 * (Prometheus's {@code NewMergeSeriesSet} with {@code ChainedSeriesMerge}).
 */
public final class MergeSeriesSet implements SeriesSet {
    private final List<SeriesSet> sets;
    private final PriorityQueue<SeriesSet> heap = new PriorityQueue<>((a, b) -> a.at().labels().compareTo(b.at().labels()));
    private boolean started;
    private Series cur;

    public MergeSeriesSet(List<SeriesSet> sets) {
        this.sets = List.copyOf(sets);
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (SeriesSet s : sets) {
                if (s.next()) {
                    heap.add(s);
                }
            }
        }
        if (heap.isEmpty()) {
            cur = null;
            return false;
        }
        List<SeriesSet> same = new ArrayList<>();
        SeriesSet first = heap.poll();
        same.add(first);
        Labels l = first.at().labels();
        while (!heap.isEmpty() && heap.peek().at().labels().equals(l)) {
            same.add(heap.poll());
        }
        if (same.size() == 1) {
            cur = first.at();
        } else {
            // keep the sets' order stable so that the earliest set wins duplicate timestamps
            same.sort((a, b) -> Integer.compare(sets.indexOf(a), sets.indexOf(b)));
            List<Series> series = new ArrayList<>(same.size());
            for (SeriesSet s : same) {
                series.add(s.at());
            }
            cur = new ChainedSeries(l, series);
        }
        for (SeriesSet s : same) {
            if (s.next()) {
                heap.add(s);
            }
        }
        return true;
    }

    @Override
    public Series at() {
        return cur;
    }

    @Override
    public Annotations warnings() {
        Annotations w = Annotations.EMPTY;
        for (SeriesSet s : sets) {
            w = w.merge(s.warnings());
        }
        return w;
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
