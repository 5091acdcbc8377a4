package io.jthanos.storage;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.chunkenc.SampleIterator;

/** One series: its labels and its samples in time order. */
public interface Series {
    Labels labels();

    /** A new or recycled iterator over the samples; see {@link io.jthanos.tsdb.chunkenc.Chunk#iterator}. */
    SampleIterator iterator(SampleIterator reuse);
}
