package io.jthanos.storage;

/** Null objects for the set interfaces. */
final class EmptySets {
    private EmptySets() {}

    static final SeriesSet SERIES = new SeriesSet() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public Series at() {
            throw new IllegalStateException("empty series set");
        }

        @Override
        public Annotations warnings() {
            return Annotations.EMPTY;
        }
    };

    static final ChunkSeriesSet CHUNK_SERIES = new ChunkSeriesSet() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public ChunkSeries at() {
            throw new IllegalStateException("empty chunk series set");
        }

        @Override
        public Annotations warnings() {
            return Annotations.EMPTY;
        }
    };

    record FailedSeriesSet(RuntimeException error) implements SeriesSet {
        @Override
        public boolean next() {
            throw error;
        }

        @Override
        public Series at() {
            throw new IllegalStateException("failed series set", error);
        }

        @Override
        public Annotations warnings() {
            return Annotations.EMPTY;
        }
    }
}
