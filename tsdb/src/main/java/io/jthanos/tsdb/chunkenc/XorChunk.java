package io.jthanos.tsdb.chunkenc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Prometheus's XOR (Gorilla-style) float chunk, bit-exact with {@code tsdb/chunkenc/xor.go}.
 *
 * <pre>
 * ┌──────────────────────┬──────────────┬────────────────┬──────────────────┬──────────────────┬─────────────┐
 * │ num_samples uint16BE │ t0 varint    │ v0 float64 (64b)│ t1-t0 uvarint    │ v1 value-xor     │ samples 2…n │
 * └──────────────────────┴──────────────┴────────────────┴──────────────────┴──────────────────┴─────────────┘
 * sample i ≥ 2: dod = (t_i - t_{i-1}) - (t_{i-1} - t_{i-2}) as
 *   '0'                  dod = 0
 *   '10'   + 14 bits     -8191 ≤ dod ≤ 8192
 *   '110'  + 17 bits     -65535 ≤ dod ≤ 65536
 *   '1110' + 20 bits     -524287 ≤ dod ≤ 524288
 *   '1111' + 64 bits     anything else
 * value-xor: x = bits(v_i) ^ bits(v_{i-1})
 *   '0'                  x = 0
 *   '10' + meaningful bits, reusing the previous leading/trailing zero counts
 *   '11' + leading (5 bits, clamped to 31) + sigbits (6 bits, 64 stored as 0) + sigbits bits
 * the stream is zero-padded to a whole byte.
 * </pre>
 *
 * A chunk either wraps encoded bytes (possibly a view into a memory-mapped segment file) or is being
 * built through its {@link #appender()}; appending to a wrapped chunk copies it first.
 */
public final class XorChunk implements Chunk {
    /** Prometheus's {@code MaxBytesPerXORChunk}: the head cuts chunks near this size. */
    public static final int MAX_BYTES_PER_CHUNK = 1024;

    private MemorySegment data; // null while writable
    private BitWriter writer;   // null while wrapped

    /**
     * Initial buffer of a new chunk: enough for a header and two typical samples. The head holds one
     * open chunk per series, and many series never get far (churn), so the buffer starts small and
     * grows by half as samples arrive.
     */
    static final int INITIAL_CAPACITY = 32;

    /** An empty chunk ready for appending. */
    public XorChunk() {
        writer = new BitWriter(INITIAL_CAPACITY);
        writer.writeBits(0, 16);
    }

    private XorChunk(MemorySegment data) {
        this.data = data;
    }

    /**
     * Wraps encoded XOR chunk data (without length, encoding byte and CRC).
     *
     * @throws IllegalArgumentException if the data cannot hold the two-byte sample count
     */
    public static XorChunk wrap(MemorySegment data) {
        if (data.byteSize() < 2) {
            throw new IllegalArgumentException("XOR chunk of " + data.byteSize() + " bytes has no sample count");
        }
        return new XorChunk(data);
    }

    /** Wraps a copy-free view of {@code bytes}. */
    public static XorChunk wrap(byte[] bytes) {
        return wrap(MemorySegment.ofArray(bytes));
    }

    @Override
    public Encoding encoding() {
        return Encoding.XOR;
    }

    @Override
    public MemorySegment bytes() {
        if (writer != null) {
            return MemorySegment.ofArray(writer.array()).asSlice(0, writer.byteLength());
        }
        return data;
    }

    /** A copy of the encoded bytes. */
    public byte[] toByteArray() {
        return bytes().toArray(ValueLayout.JAVA_BYTE);
    }

    /** Size of the encoded data in bytes. */
    public int byteSize() {
        return writer != null ? writer.byteLength() : (int) data.byteSize();
    }

    @Override
    public int numSamples() {
        if (writer != null) {
            byte[] a = writer.array();
            return ((a[0] & 0xFF) << 8) | (a[1] & 0xFF);
        }
        return ((data.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) << 8) | (data.get(ValueLayout.JAVA_BYTE, 1) & 0xFF);
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        XorIterator it = reuse instanceof XorIterator x ? x : new XorIterator();
        it.reset(bytes());
        return it;
    }

    /** A typed iterator, for callers that want to avoid the interface dispatch. */
    public XorIterator xorIterator(XorIterator reuse) {
        XorIterator it = reuse != null ? reuse : new XorIterator();
        it.reset(bytes());
        return it;
    }

    /**
     * An appender continuing after the last sample. For a chunk that already holds samples the state
     * is recovered by decoding them, as Prometheus does; only one appender may be used at a time.
     */
    public XorAppender appender() {
        int n = numSamples();
        XorAppender app;
        if (n == 0) {
            ensureWritable();
            app = new XorAppender(this, writer.array(), writer.bitLength(), 0, 0, 0, 0, 0xFF, 0);
        } else {
            XorIterator it = xorIterator(null);
            it.checkDecoded();
            long bits = it.bitsConsumed() + 16;
            ensureWritable();
            app = new XorAppender(this, writer.array(), bits, n, it.lastT(), it.lastBits(), it.tDelta(),
                    it.leading(), it.trailing());
        }
        writer = app; // the appender writes the stream from now on
        return app;
    }

    private void ensureWritable() {
        if (writer == null) {
            byte[] copy = new byte[(int) Math.max(data.byteSize() * 2, 128)];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, copy, 0, (int) data.byteSize());
            writer = new BitWriter(copy, data.byteSize() * 8);
            data = null;
        }
    }
}
