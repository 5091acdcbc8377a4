package io.jthanos.storage;

import io.jthanos.model.Labels;

/** One series as encoded chunks: what the StoreAPI and the compactor read. */
public interface ChunkSeries {
    Labels labels();

    /** A fresh iterator over this series' chunks, ordered by {@code minTime}. */
    ChunkIterator chunks();

    /** A series of {@code chunks} held in memory, ordered by {@code minTime}. */
    static ChunkSeries of(Labels labels, java.util.List<ChunkMeta> chunks) {
        return new ChunkSeries() {
            @Override
            public Labels labels() {
                return labels;
            }

            @Override
            public ChunkIterator chunks() {
                return ChunkIterator.of(chunks);
            }
        };
    }
}
