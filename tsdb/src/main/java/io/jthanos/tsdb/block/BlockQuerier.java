package io.jthanos.tsdb.block;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.index.ChunkRefMeta;
import java.util.List;

/**
 * Reads a block as samples ({@link Querier}). Series come sorted by labels whatever {@code sortSeries}
 * says, since index postings are in label order. Samples are limited to the query range (or the hints'
 * range) unless {@link SelectHints#disableTrimming()}, and tombstoned samples are skipped.
 */
public final class BlockQuerier extends BlockQuerierBase implements Querier {
    BlockQuerier(Block block, long minTime, long maxTime) {
        super(block, minTime, maxTime);
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        SeriesCursor c = cursor(hints, matchers);
        return new SeriesSet() {
            private Series cur;

            @Override
            public boolean next() {
                if (!c.next()) {
                    cur = null;
                    return false;
                }
                cur = new BlockSeries(c.labels, c.chunks, c.dropped);
                return true;
            }

            @Override
            public Series at() {
                return cur;
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
    }

    private final class BlockSeries implements Series {
        private final Labels labels;
        private final List<ChunkRefMeta> chunks;
        private final long[] dropped;

        BlockSeries(Labels labels, List<ChunkRefMeta> chunks, long[] dropped) {
            this.labels = labels;
            this.chunks = chunks;
            this.dropped = dropped;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            BlockSampleIterator it = reuse instanceof BlockSampleIterator b ? b : new BlockSampleIterator();
            it.reset(block.chunks(), chunks, dropped);
            return it;
        }
    }
}
