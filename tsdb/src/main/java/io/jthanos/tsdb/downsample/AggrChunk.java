package io.jthanos.tsdb.downsample;

import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Thanos's downsampled aggregate chunk ({@code pkg/compact/downsample/aggr.go}), stored with encoding
 * byte {@code 0xFF}. Layout of the data, five entries in {@link AggrType} order:
 *
 * <pre>
 * AggrChunk --&gt; { Entry }×5            count, sum, min, max, counter
 * Entry     --&gt; len(uvarint) [ encoding(1 B) data(len B) ]   len = 0: aggregate absent
 * </pre>
 *
 * {@code len} counts the sub-chunk's data without its encoding byte. Sub-chunks are XOR chunks. The
 * counter sub-chunk begins with the first raw sample of the chunk's range and ends with the last raw
 * value repeated at the last window's timestamp (see {@link CounterResetsIterator}).
 */
public final class AggrChunk implements Chunk {
    private final MemorySegment data;

    private AggrChunk(MemorySegment data) {
        this.data = data;
    }

    /** Wraps stored aggregate chunk data (e.g. the bytes of an {@code OpaqueChunk} of encoding 0xFF). */
    public static AggrChunk wrap(MemorySegment data) {
        return new AggrChunk(data);
    }

    /** Encodes the five aggregates; {@code null} entries are written as absent. */
    public static AggrChunk encode(XorChunk[] parts) {
        if (parts.length != 5) {
            throw new IllegalArgumentException("an aggregate chunk has 5 parts, got " + parts.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (XorChunk c : parts) {
            if (c == null) {
                putUvarint(out, 0);
                continue;
            }
            byte[] b = c.toByteArray();
            putUvarint(out, b.length);
            out.write(c.encoding().code());
            out.write(b, 0, b.length);
        }
        return new AggrChunk(MemorySegment.ofArray(out.toByteArray()));
    }

    private static void putUvarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /**
     * The sub-chunk of aggregate {@code t}, or {@code null} when absent.
     *
     * @throws IllegalStateException when the data is malformed
     */
    public XorChunk get(AggrType t) {
        long pos = 0;
        long size = data.byteSize();
        for (int i = 0; i <= t.index(); i++) {
            long len = 0;
            int shift = 0;
            while (true) {
                if (pos >= size || shift > 63) {
                    throw new IllegalStateException("aggregate chunk: invalid size");
                }
                int b = data.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
                len |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    break;
                }
                shift += 7;
            }
            if (len == 0) {
                if (i == t.index()) {
                    return null;
                }
                continue;
            }
            if (size - pos < len + 1) {
                throw new IllegalStateException("aggregate chunk: invalid size");
            }
            if (i == t.index()) {
                int enc = data.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
                if (enc != Encoding.XOR.code()) {
                    throw new UnsupportedOperationException("aggregate sub-chunk encoding " + enc + " is not supported");
                }
                return XorChunk.wrap(data.asSlice(pos + 1, len));
            }
            pos += len + 1;
        }
        throw new AssertionError();
    }

    @Override
    public Encoding encoding() {
        return Encoding.AGGR;
    }

    @Override
    public MemorySegment bytes() {
        return data;
    }

    /** The number of samples of the count aggregate, as Thanos counts it; 0 when absent or malformed. */
    @Override
    public int numSamples() {
        try {
            XorChunk c = get(AggrType.COUNT);
            return c == null ? 0 : c.numSamples();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** An aggregate chunk has no single sample stream: read an aggregate with {@link #get}. */
    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        throw new UnsupportedOperationException("aggregate chunks have no raw samples; read an aggregate with get()");
    }

    /** The raw bytes, for tests. */
    public byte[] toByteArray() {
        return data.toArray(ValueLayout.JAVA_BYTE);
    }
}
