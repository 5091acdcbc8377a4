package io.jthanos.query;

import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.Arrays;
import java.util.List;

/**
 * The series of a select over the StoreAPI as chunks. A series that is one replica of raw XOR chunks without
 * overlaps (the usual case) keeps the chunks the store sent; any other (replicas to deduplicate, overlapping
 * chunks, downsampled aggregates) is read through its {@link Series#iterator} exactly as the sample path
 * reads it, and handed on as one chunk of those samples. Either way the samples are the sample path's.
 */
final class StoreChunkSeriesSet implements ChunkSeriesSet {
    private final SeriesSet series;
    private ChunkSeries current;

    StoreChunkSeriesSet(SeriesSet series) {
        this.series = series;
    }

    @Override
    public boolean next() {
        if (!series.next()) {
            current = null;
            return false;
        }
        Series s = series.at();
        ChunkSeries received = s instanceof StoreSeriesSet.Merged m ? m.receivedChunks() : null;
        current = received != null ? received : decoded(s);
        return true;
    }

    @Override
    public ChunkSeries at() {
        return current;
    }

    @Override
    public Annotations warnings() {
        return series.warnings();
    }

    /**
     * The samples of {@code s} as one in-memory chunk. Its arrays are new (the iterator is asked for without an
     * iterator to recycle), so the reader may keep them.
     */
    private static ChunkSeries decoded(Series s) {
        SampleIterator it = s.iterator(null);
        FloatArrayChunk samples;
        if (it instanceof FloatArrayChunk.Iterator d) {
            // Deduplicated into arrays already: taken as they are.
            samples = d.chunk();
        } else {
            long[] ts = new long[128];
            double[] vs = new double[128];
            int n = 0;
            for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                }
                ts[n] = it.atT();
                vs[n] = it.atF();
                n++;
            }
            samples = new FloatArrayChunk(ts, vs, n);
        }
        int size = samples.size();
        return size == 0 ? ChunkSeries.of(s.labels(), List.of()) : ChunkSeries.of(s.labels(),
                List.of(new ChunkMeta(samples.timestamps()[0], samples.timestamps()[size - 1], samples)));
    }
}
