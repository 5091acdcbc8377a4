package io.jthanos.tsdb.block;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.index.ChunkRefMeta;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads a block as encoded chunks ({@link ChunkQuerier}). Chunks are passed through as stored (views of
 * the mapped segment files), except chunks that overlap tombstones or, unless trimming is disabled,
 * reach outside the query range: those are re-encoded with only the remaining samples, as Prometheus
 * does. Only XOR chunks can be re-encoded; other encodings that would need it raise
 * {@link UnsupportedOperationException}.
 */
public final class BlockChunkQuerier extends BlockQuerierBase implements ChunkQuerier {
    BlockChunkQuerier(Block block, long minTime, long maxTime) {
        super(block, minTime, maxTime);
    }

    @Override
    public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        SeriesCursor c = cursor(hints, matchers);
        return new ChunkSeriesSet() {
            private ChunkSeries cur;

            @Override
            public boolean next() {
                if (!c.next()) {
                    cur = null;
                    return false;
                }
                Labels l = c.labels;
                List<ChunkRefMeta> chunks = c.chunks;
                long[] dropped = c.dropped;
                cur = new ChunkSeries() {
                    @Override
                    public Labels labels() {
                        return l;
                    }

                    @Override
                    public ChunkIterator chunks() {
                        return new BlockChunkIterator(chunks, dropped);
                    }
                };
                return true;
            }

            @Override
            public ChunkSeries at() {
                return cur;
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
    }

    private final class BlockChunkIterator implements ChunkIterator {
        private final List<ChunkRefMeta> chunks;
        private final long[] dropped;
        private int i;
        private ChunkMeta cur;
        private SampleIterator scratch;

        BlockChunkIterator(List<ChunkRefMeta> chunks, long[] dropped) {
            this.chunks = chunks;
            this.dropped = dropped;
        }

        @Override
        public boolean next() {
            while (i < chunks.size()) {
                ChunkRefMeta m = chunks.get(i++);
                Chunk c;
                try {
                    c = block.chunks().chunk(m.ref());
                } catch (CorruptBlockException e) {
                    throw new UncheckedIOException(e);
                }
                if (!overlapsDropped(m)) {
                    cur = new ChunkMeta(m.minTime(), m.maxTime(), c);
                    return true;
                }
                if (c.encoding() != Encoding.XOR) {
                    throw new UnsupportedOperationException("cannot trim or apply deletions to " + c.encoding() + " chunks");
                }
                XorChunk out = new XorChunk();
                XorAppender app = out.appender();
                long minT = Long.MAX_VALUE;
                long maxT = Long.MIN_VALUE;
                scratch = c.iterator(scratch);
                while (scratch.next() == ValueType.FLOAT) {
                    long t = scratch.atT();
                    if (!SeriesCursor.dropped(dropped, t)) {
                        app.append(t, scratch.atF());
                        minT = Math.min(minT, t);
                        maxT = t;
                    }
                }
                if (out.numSamples() > 0) {
                    cur = new ChunkMeta(minT, maxT, out);
                    return true;
                }
            }
            cur = null;
            return false;
        }

        private boolean overlapsDropped(ChunkRefMeta m) {
            for (int k = 0; k < dropped.length; k += 2) {
                if (dropped[k] <= m.maxTime() && m.minTime() <= dropped[k + 1]) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public ChunkMeta at() {
            return cur;
        }
    }
}
