package io.jthanos.tsdb.chunkenc;

import java.lang.foreign.MemorySegment;

/**
 * An encoded chunk of samples of one series.
 *
 * <p>{@link #bytes()} is the chunk's data exactly as stored in a segment file (without the length,
 * encoding byte and CRC), so it can be passed on over the StoreAPI without re-encoding. The segment
 * may be a view into a memory-mapped file: it is valid only as long as the block it came from is open.
 */
public interface Chunk {
    Encoding encoding();

    /** The encoded data. */
    MemorySegment bytes();

    /** Number of samples, when the encoding records it (XOR does in its first two bytes). */
    int numSamples();

    /**
     * An iterator over the samples; {@code reuse} may be recycled when it is an iterator of the same
     * implementation, otherwise a new one is created.
     *
     * @throws UnsupportedOperationException for encodings that cannot yield samples of the requested
     *     kind yet (e.g. native histograms); never misreads them as floats
     */
    SampleIterator iterator(SampleIterator reuse);
}
