package io.jthanos.storage;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A k-way merge of chunk series sets that are each sorted by labels. Series with equal labels become
 * one series whose chunks are those of all inputs ordered by {@code minTime}; chunks that are exact
 * duplicates (same time range and bytes) are kept once. Overlapping chunks are not re-encoded here (that
 * is the compactor's vertical merge).
 */
public final class MergeChunkSeriesSet implements ChunkSeriesSet {
    private final List<ChunkSeriesSet> sets;
    private final PriorityQueue<ChunkSeriesSet> heap = new PriorityQueue<>((a, b) -> a.at().labels().compareTo(b.at().labels()));
    private boolean started;
    private ChunkSeries cur;

    public MergeChunkSeriesSet(List<ChunkSeriesSet> sets) {
        this.sets = List.copyOf(sets);
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (ChunkSeriesSet s : sets) {
                if (s.next()) {
                    heap.add(s);
                }
            }
        }
        if (heap.isEmpty()) {
            cur = null;
            return false;
        }
        List<ChunkSeriesSet> same = new ArrayList<>();
        ChunkSeriesSet first = heap.poll();
        same.add(first);
        Labels l = first.at().labels();
        while (!heap.isEmpty() && heap.peek().at().labels().equals(l)) {
            same.add(heap.poll());
        }
        if (same.size() == 1) {
            cur = first.at();
        } else {
            List<ChunkMeta> all = new ArrayList<>();
            for (ChunkSeriesSet s : same) {
                ChunkIterator it = s.at().chunks();
                while (it.next()) {
                    all.add(it.at());
                }
            }
            all.sort(Comparator.comparingLong(ChunkMeta::minTime).thenComparingLong(ChunkMeta::maxTime));
            List<ChunkMeta> dedup = new ArrayList<>(all.size());
            for (ChunkMeta m : all) {
                ChunkMeta prev = dedup.isEmpty() ? null : dedup.get(dedup.size() - 1);
                if (prev != null && prev.minTime() == m.minTime() && prev.maxTime() == m.maxTime()
                        && prev.chunk().encoding() == m.chunk().encoding()
                        && prev.chunk().bytes().mismatch(m.chunk().bytes()) == -1) {
                    continue;
                }
                dedup.add(m);
            }
            cur = new ChunkSeries() {
                @Override
                public Labels labels() {
                    return l;
                }

                @Override
                public ChunkIterator chunks() {
                    return new ChunkIterator() {
                        private int i = -1;

                        @Override
                        public boolean next() {
                            return ++i < dedup.size();
                        }

                        @Override
                        public ChunkMeta at() {
                            return dedup.get(i);
                        }
                    };
                }
            };
        }
        for (ChunkSeriesSet s : same) {
            if (s.next()) {
                heap.add(s);
            }
        }
        return true;
    }

    @Override
    public ChunkSeries at() {
        return cur;
    }

    @Override
    public Annotations warnings() {
        Annotations w = Annotations.EMPTY;
        for (ChunkSeriesSet s : sets) {
            w = w.merge(s.warnings());
        }
        return w;
    }
}
