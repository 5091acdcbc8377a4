package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.SelectHints;
import java.util.List;

/**
 * Reads the head's chunks overlapping {@code [minTime, maxTime]}. Chunks are returned whole, so they
 * may hold samples outside the range (as the StoreAPI allows); the open chunk is a copy.
 */
public final class HeadChunkQuerier implements ChunkQuerier {
    private final Head head;
    private final long minTime;
    private final long maxTime;

    HeadChunkQuerier(Head head, long minTime, long maxTime) {
        this.head = head;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        List<Head.SeriesChunks> selected = head.select(sortSeries, minTime, maxTime, matchers);
        return new ChunkSeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < selected.size();
            }

            @Override
            public ChunkSeries at() {
                Head.SeriesChunks sc = selected.get(i);
                return new ChunkSeries() {
                    @Override
                    public Labels labels() {
                        return sc.labels();
                    }

                    @Override
                    public ChunkIterator chunks() {
                        return new ChunkIterator() {
                            private int c = -1;

                            @Override
                            public boolean next() {
                                return ++c < sc.chunks().size();
                            }

                            @Override
                            public ChunkMeta at() {
                                return sc.chunks().get(c);
                            }
                        };
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
