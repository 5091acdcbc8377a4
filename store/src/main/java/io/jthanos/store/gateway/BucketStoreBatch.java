package io.jthanos.store.gateway;

/** Sizes of the batches in which series are sent and their chunks read (Thanos's {@code --debug.series-batch-size}). */
final class BucketStoreBatch {
    /** Series per batch. */
    static final int SERIES = 256;
    /** Chunks per batch, so a few huge series do not make one enormous read. */
    static final int CHUNKS = 16_384;

    private BucketStoreBatch() {}
}
