package io.jthanos.store.gateway;

import io.jthanos.model.Labels;
import io.jthanos.store.StoreChunk;

/**
 * One series of one block matched by a request: its labels (external labels merged in, replica labels removed,
 * once the store has prepared it) and the references of its chunks overlapping the request's time range, in
 * the index's order. {@link #chunks} is filled while the series' batch is being sent and cleared afterwards.
 */
final class SeriesEntry {
    Labels labels;
    final BucketBlock block;
    final long[] refs;
    final long[] minTimes;
    final long[] maxTimes;
    StoreChunk[] chunks;

    SeriesEntry(Labels labels, BucketBlock block, long[] refs, long[] minTimes, long[] maxTimes) {
        this.labels = labels;
        this.block = block;
        this.refs = refs;
        this.minTimes = minTimes;
        this.maxTimes = maxTimes;
    }

    int chunkCount() {
        return refs.length;
    }
}
