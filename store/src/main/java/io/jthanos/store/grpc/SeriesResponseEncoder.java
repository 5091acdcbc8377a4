package io.jthanos.store.grpc;

import io.jthanos.model.Labels;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code thanos.SeriesResponse} messages straight into a byte array, without protobuf builders: the
 * bytes are those the generated code would produce for the same message (fields in number order, proto3
 * defaults left out), which {@code SeriesResponseEncoderTest} checks on random series.
 *
 * <p>Series are appended to a pending response; {@link #finishBatch()} turns them into one
 * {@code SeriesResponse{batch: SeriesBatch{series...}}}, {@link #finishSingle()} turns exactly one into
 * {@code SeriesResponse{series}}. Chunk bytes are copied into the response when the series is appended, so
 * the store's chunk memory may be reused as soon as that returns. Each finished response has its own array.
 */
final class SeriesResponseEncoder {
    /** Room kept before the pending series for the response's tag and length (1 + at most 5 bytes). */
    private static final int HEADER = 6;
    private static final int TAG_RESPONSE_SERIES = 1 << 3 | 2;
    private static final int TAG_RESPONSE_WARNING = 2 << 3 | 2;
    private static final int TAG_RESPONSE_BATCH = 4 << 3 | 2;
    private static final int TAG_BATCH_SERIES = 1 << 3 | 2;
    private static final int TAG_SERIES_LABEL = 1 << 3 | 2;
    private static final int TAG_SERIES_CHUNK = 2 << 3 | 2;
    private static final int TAG_LABEL_NAME = 1 << 3 | 2;
    private static final int TAG_LABEL_VALUE = 2 << 3 | 2;
    private static final int TAG_AGGR_MIN_TIME = 1 << 3;
    private static final int TAG_AGGR_MAX_TIME = 2 << 3;
    private static final int TAG_AGGR_RAW = 3 << 3 | 2;
    private static final int TAG_CHUNK_TYPE = 1 << 3;
    private static final int TAG_CHUNK_DATA = 2 << 3 | 2;

    private byte[] buf;
    private int pos = HEADER;
    private int series;
    /** Size of the last finished response, to size the next array. */
    private int lastSize = 4096;

    /** The labels of one series, encoded once for all its frames. */
    static final class EncodedLabels {
        private final byte[][] parts;
        /** Encoded size of the repeated {@code labels} field, tags included. */
        final int size;

        EncodedLabels(Labels labels) {
            parts = new byte[labels.size() * 2][];
            int n = 0;
            for (int i = 0; i < labels.size(); i++) {
                byte[] name = labels.name(i).getBytes(StandardCharsets.UTF_8);
                byte[] value = labels.value(i).getBytes(StandardCharsets.UTF_8);
                parts[2 * i] = name;
                parts[2 * i + 1] = value;
                int body = stringFieldSize(name.length) + stringFieldSize(value.length);
                n += 1 + varintSize(body) + body;
            }
            size = n;
        }
    }

    /** Series appended since the last finished response. */
    int pendingSeries() {
        return series;
    }

    /** Bytes appended since the last finished response. */
    int pendingBytes() {
        return buf == null ? 0 : pos - HEADER;
    }

    /**
     * Appends one series frame: {@code labels} and {@code chunks[from, to)}. In a batch the frame is a
     * {@code SeriesBatch.series} element; for {@link #finishSingle()} it must be the only one.
     */
    void add(EncodedLabels labels, List<StoreChunk> chunks, int from, int to) {
        int body = labels.size;
        for (int i = from; i < to; i++) {
            int c = aggrChunkSize(chunks.get(i));
            body += 1 + varintSize(c) + c;
        }
        ensure(1 + 5 + body);
        buf[pos++] = TAG_BATCH_SERIES;
        writeVarint(body);
        byte[][] parts = labels.parts;
        for (int i = 0; i < parts.length; i += 2) {
            byte[] name = parts[i];
            byte[] value = parts[i + 1];
            buf[pos++] = TAG_SERIES_LABEL;
            writeVarint(stringFieldSize(name.length) + stringFieldSize(value.length));
            writeBytesField(TAG_LABEL_NAME, name);
            writeBytesField(TAG_LABEL_VALUE, value);
        }
        for (int i = from; i < to; i++) {
            writeChunk(chunks.get(i));
        }
        series++;
    }

    /** The pending series (at least one) as one {@code SeriesResponse} with a {@code SeriesBatch}. */
    EncodedSeriesResponse finishBatch() {
        return finish(TAG_RESPONSE_BATCH);
    }

    /** The one pending series as a {@code SeriesResponse} with its {@code series} field. */
    EncodedSeriesResponse finishSingle() {
        if (series != 1) {
            throw new IllegalStateException("a single-series response needs exactly one series, have " + series);
        }
        // The frame was written as SeriesBatch.series (tag 0x0A, field 1 of SeriesBatch); SeriesResponse.series
        // is field 1 too, so the frame already is the whole response.
        int start = HEADER;
        byte[] out = buf;
        int len = pos - start;
        reset(len);
        return new EncodedSeriesResponse(out, start, len);
    }

    private EncodedSeriesResponse finish(int tag) {
        int bodyLen = pos - HEADER;
        int start = HEADER - 1 - varintSize(bodyLen);
        buf[start] = (byte) tag;
        int p = start + 1;
        int v = bodyLen;
        while ((v & ~0x7F) != 0) {
            buf[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[p] = (byte) v;
        byte[] out = buf;
        int len = pos - start;
        reset(len);
        return new EncodedSeriesResponse(out, start, len);
    }

    private void reset(int finishedSize) {
        lastSize = Math.max(finishedSize, 256);
        buf = null;
        pos = HEADER;
        series = 0;
    }

    /** A {@code SeriesResponse} carrying only {@code warning} (written even when empty: it is a oneof member). */
    static EncodedSeriesResponse warning(String warning) {
        byte[] w = warning.getBytes(StandardCharsets.UTF_8);
        SeriesResponseEncoder e = new SeriesResponseEncoder();
        e.buf = new byte[HEADER + 1 + varintSize(w.length) + w.length];
        e.buf[e.pos++] = TAG_RESPONSE_WARNING;
        e.writeVarint(w.length);
        System.arraycopy(w, 0, e.buf, e.pos, w.length);
        e.pos += w.length;
        return new EncodedSeriesResponse(e.buf, HEADER, e.pos - HEADER);
    }

    private void writeChunk(StoreChunk c) {
        if (c.encoding() == Encoding.AGGR) {
            byte[] aggr = AggrChunkCodec.toProto(c).toByteArray();
            buf[pos++] = TAG_SERIES_CHUNK;
            writeVarint(aggr.length);
            System.arraycopy(aggr, 0, buf, pos, aggr.length);
            pos += aggr.length;
            return;
        }
        int dataLen = Math.toIntExact(c.data().byteSize());
        int type = chunkType(c.encoding());
        buf[pos++] = TAG_SERIES_CHUNK;
        writeVarint(rawAggrChunkSize(c.minTime(), c.maxTime(), type, dataLen));
        if (c.minTime() != 0) {
            buf[pos++] = TAG_AGGR_MIN_TIME;
            writeVarint64(c.minTime());
        }
        if (c.maxTime() != 0) {
            buf[pos++] = TAG_AGGR_MAX_TIME;
            writeVarint64(c.maxTime());
        }
        buf[pos++] = TAG_AGGR_RAW;
        writeVarint(rawChunkSize(type, dataLen));
        if (type != 0) {
            buf[pos++] = TAG_CHUNK_TYPE;
            buf[pos++] = (byte) type;
        }
        if (dataLen > 0) {
            buf[pos++] = TAG_CHUNK_DATA;
            writeVarint(dataLen);
            MemorySegment.copy(c.data(), ValueLayout.JAVA_BYTE, 0, buf, pos, dataLen);
            pos += dataLen;
        }
    }

    private static int aggrChunkSize(StoreChunk c) {
        if (c.encoding() == Encoding.AGGR) {
            return AggrChunkCodec.toProto(c).getSerializedSize();
        }
        return rawAggrChunkSize(c.minTime(), c.maxTime(), chunkType(c.encoding()),
                Math.toIntExact(c.data().byteSize()));
    }

    private static int rawAggrChunkSize(long minTime, long maxTime, int type, int dataLen) {
        int raw = rawChunkSize(type, dataLen);
        return (minTime != 0 ? 1 + varint64Size(minTime) : 0) + (maxTime != 0 ? 1 + varint64Size(maxTime) : 0)
                + 1 + varintSize(raw) + raw;
    }

    private static int rawChunkSize(int type, int dataLen) {
        return (type != 0 ? 2 : 0) + stringFieldSize(dataLen);
    }

    /** {@code thanos.Chunk.Encoding}: XOR is 0 there. */
    private static int chunkType(Encoding e) {
        return switch (e) {
            case XOR -> 0;
            case HISTOGRAM -> 1;
            case FLOAT_HISTOGRAM -> 2;
            default -> throw new StoreException(StoreException.Code.INTERNAL,
                    "chunk encoding " + e + " cannot be sent over the StoreAPI");
        };
    }

    /** Size of a length-delimited field with a one-byte tag; 0 when empty (a proto3 default). */
    private static int stringFieldSize(int len) {
        return len == 0 ? 0 : 1 + varintSize(len) + len;
    }

    private void writeBytesField(int tag, byte[] b) {
        if (b.length == 0) {
            return;
        }
        buf[pos++] = (byte) tag;
        writeVarint(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void ensure(int more) {
        if (buf == null) {
            buf = new byte[Math.max(lastSize + lastSize / 8, HEADER + more)];
        } else if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private void writeVarint(int v) {
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void writeVarint64(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    static int varintSize(int v) {
        return v < 0 ? 10 : varint64Size(v);
    }

    static int varint64Size(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }
}
