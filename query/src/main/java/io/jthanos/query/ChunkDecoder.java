package io.jthanos.query;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.List;

/**
 * Turns a raw chunk received from a store into a {@link Chunk} that yields samples. The XOR chunk of the
 * tsdb module is the production implementation; it is a seam so that the querier does not re-implement
 * chunk encodings.
 */
@FunctionalInterface
public interface ChunkDecoder {
    /**
     * @throws UnsupportedOperationException for encodings that cannot be decoded
     */
    Chunk decode(StoreChunk chunk);

    /**
     * The samples of one replica's chunks, sorted by time and not overlapping, decoded one chunk at a time.
     * Decoders whose samples depend on more than one chunk (counters over downsampled data) override it.
     *
     * @param reuse an iterator this method returned for a series no longer read (its chunk decoder is
     *     recycled), or {@code null}
     */
    default SampleIterator samples(List<StoreChunk> chunks, SampleIterator reuse) {
        return new ChunksSampleIterator(chunks, this, reuse instanceof ChunksSampleIterator c ? c.chunkIterator() : null);
    }
}
