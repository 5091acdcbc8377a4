package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.List;

/**
 * Reads the head's samples in {@code [minTime, maxTime]}. A select snapshots the matching series'
 * chunks (the open chunk is copied), so later appends do not show up in its results.
 */
public final class HeadQuerier implements Querier {
    private final Head head;
    private final long minTime;
    private final long maxTime;

    HeadQuerier(Head head, long minTime, long maxTime) {
        this.head = head;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        List<Head.SeriesChunks> selected = head.select(sortSeries, minTime, maxTime, matchers);
        return new SeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < selected.size();
            }

            @Override
            public Series at() {
                Head.SeriesChunks sc = selected.get(i);
                return new Series() {
                    @Override
                    public Labels labels() {
                        return sc.labels();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        return new ChunksSampleIterator(sc.chunks(), minTime, maxTime);
                    }
                };
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
    }

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        return HeadLabels.values(head, minTime, maxTime, name, hints, matchers);
    }

    @Override
    public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
        return HeadLabels.names(head, minTime, maxTime, hints, matchers);
    }

    @Override
    public void close() {}
}
