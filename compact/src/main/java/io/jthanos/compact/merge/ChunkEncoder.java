package io.jthanos.compact.merge;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.List;

/** Re-encodes a stream of float samples into XOR chunks of at most {@value #MAX_SAMPLES} samples. */
final class ChunkEncoder {
    /** Prometheus's {@code DefaultSamplesPerChunk}. */
    static final int MAX_SAMPLES = 120;

    private ChunkEncoder() {}

    /** Appends the chunks holding the samples of {@code it} to {@code out}. */
    static void encode(SampleIterator it, List<ChunkMeta> out) {
        XorChunk c = null;
        XorAppender app = null;
        long minT = 0;
        long maxT = 0;
        ValueType vt;
        while ((vt = it.next()) != ValueType.NONE) {
            if (vt != ValueType.FLOAT) {
                throw new UnsupportedOperationException("vertical compaction of native histograms is not supported yet");
            }
            if (c != null && (c.numSamples() >= MAX_SAMPLES || c.byteSize() >= XorChunk.MAX_BYTES_PER_CHUNK)) {
                out.add(new ChunkMeta(minT, maxT, c));
                c = null;
            }
            long t = it.atT();
            if (c == null) {
                c = new XorChunk();
                app = c.appender();
                minT = t;
            }
            app.append(t, it.atF());
            maxT = t;
        }
        if (c != null) {
            out.add(new ChunkMeta(minT, maxT, c));
        }
    }
}
