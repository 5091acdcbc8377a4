package io.jthanos.storage;

/** A forward-only cursor over the chunks of one series, ordered by {@code minTime}. */
public interface ChunkIterator {
    /** Advances to the next chunk; {@code false} when exhausted. */
    boolean next();

    /** The current chunk; valid after {@link #next()} returned {@code true}. */
    ChunkMeta at();

    /** An iterator over {@code chunks}, which must be ordered by {@code minTime}. */
    static ChunkIterator of(java.util.List<ChunkMeta> chunks) {
        return new ChunkIterator() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < chunks.size();
            }

            @Override
            public ChunkMeta at() {
                return chunks.get(i);
            }
        };
    }

    /** An iterator with no chunks. */
    static ChunkIterator empty() {
        return new ChunkIterator() {
            @Override
            public boolean next() {
                return false;
            }

            @Override
            public ChunkMeta at() {
                throw new IllegalStateException("empty chunk iterator");
            }
        };
    }
}
