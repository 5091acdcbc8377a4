package io.jthanos.storage;

/** Opens {@link ChunkQuerier}s over a time range. */
public interface ChunkQueryable {
    /** A chunk querier over {@code [minTime, maxTime]} (milliseconds, inclusive). */
    ChunkQuerier chunkQuerier(long minTime, long maxTime);
}
