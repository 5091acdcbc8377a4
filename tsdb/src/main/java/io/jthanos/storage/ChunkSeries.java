package io.jthanos.storage;

import io.jthanos.model.Labels;

/** One series as encoded chunks: what the StoreAPI and the compactor read. */
public interface ChunkSeries {
    Labels labels();

    /** A fresh iterator over this series' chunks, ordered by {@code minTime}. */
    ChunkIterator chunks();
}
