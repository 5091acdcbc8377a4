package io.jthanos.tsdb.chunkenc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A chunk whose encoding we carry but cannot decode yet (native histograms, XOR2, Thanos aggregates):
 * its bytes pass through unchanged, and asking for samples fails loudly instead of misreading them as
 * floats.
 */
public final class OpaqueChunk implements Chunk {
    private final Encoding encoding;
    private final MemorySegment data;

    public OpaqueChunk(Encoding encoding, MemorySegment data) {
        this.encoding = encoding;
        this.data = data;
    }

    @Override
    public Encoding encoding() {
        return encoding;
    }

    @Override
    public MemorySegment bytes() {
        return data;
    }

    /** The uint16 count that histogram chunks start with, like XOR; 0 for Thanos aggregates. */
    @Override
    public int numSamples() {
        if (encoding == Encoding.AGGR || data.byteSize() < 2) {
            return 0;
        }
        return ((data.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) << 8) | (data.get(ValueLayout.JAVA_BYTE, 1) & 0xFF);
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        throw new UnsupportedOperationException("decoding " + encoding + " chunks (encoding byte " + encoding.code()
                + ") is not supported yet; they must not be read as float samples");
    }
}
