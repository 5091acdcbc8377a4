package io.jthanos.store;

import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A raw chunk as the StoreAPI carries it: time range and the encoded bytes exactly as stored, without
 * length, encoding byte or CRC. The bytes are passed on, never re-encoded; they may be a view into a
 * memory-mapped file or a received message and are valid only as long as their source.
 *
 * @param minTime timestamp of the first sample (inclusive)
 * @param maxTime timestamp of the last sample (inclusive)
 * @param encoding {@link Encoding#XOR}, {@link Encoding#HISTOGRAM} or {@link Encoding#FLOAT_HISTOGRAM}
 * @param data the encoded chunk
 */
public record StoreChunk(long minTime, long maxTime, Encoding encoding, MemorySegment data) {
    public StoreChunk {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
    }

    /** Whether both chunks cover the same time range with the same encoding and identical bytes. */
    public boolean sameContent(StoreChunk o) {
        return minTime == o.minTime && maxTime == o.maxTime && encoding == o.encoding
                && data.byteSize() == o.data.byteSize() && data.mismatch(o.data) < 0;
    }

    /** Orders by {@code minTime}, then {@code maxTime}. */
    public static int compareByTime(StoreChunk a, StoreChunk b) {
        int c = Long.compare(a.minTime, b.minTime);
        return c != 0 ? c : Long.compare(a.maxTime, b.maxTime);
    }
}
