package io.jthanos.storage;

/** A cursor over chunked series, with the same contract as {@link SeriesSet}. */
public interface ChunkSeriesSet {
    boolean next();

    ChunkSeries at();

    Annotations warnings();

    /** The empty set. */
    static ChunkSeriesSet empty() {
        return EmptySets.CHUNK_SERIES;
    }
}
