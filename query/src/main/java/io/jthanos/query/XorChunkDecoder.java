package io.jthanos.query;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.XorChunk;

/**
 * The production {@link ChunkDecoder}: float samples in Prometheus's XOR encoding, read in place from the
 * received bytes by the tsdb module's {@link XorChunk}. Histogram chunks are not supported yet.
 */
public final class XorChunkDecoder implements ChunkDecoder {
    /** The shared, stateless instance. */
    public static final XorChunkDecoder INSTANCE = new XorChunkDecoder();

    private XorChunkDecoder() {
    }

    @Override
    public Chunk decode(StoreChunk chunk) {
        if (chunk.encoding() != Encoding.XOR) {
            throw new UnsupportedOperationException("chunk encoding " + chunk.encoding() + " is not supported by the querier yet");
        }
        return XorChunk.wrap(chunk.data());
    }
}
