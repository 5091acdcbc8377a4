package io.jthanos.store.grpc;

import com.google.protobuf.CodedInputStream;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.jthanos.proto.storepb.AggrChunk;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code thanos.SeriesResponse} from its wire bytes into our types without protobuf messages: the
 * series of a {@code series} or {@code batch} response, or its {@code warning}; {@code hints} and unknown
 * fields are skipped. Raw chunk bytes are views into the one array the response was read into, never copies.
 * A downsampled {@code AggrChunk} (no {@code raw}) is handed to the generated parser and
 * {@link StoreProtos#fromProto(AggrChunk)}. {@code SeriesResponseDecoderTest} compares the result with the
 * generated parser's on random messages.
 *
 * <p>Strings are decoded as UTF-8 without validation (malformed bytes become U+FFFD), as Thanos's gogo code
 * does not validate either.
 */
final class SeriesResponseDecoder {
    /**
     * One decoded response: its series in order, or a warning. Consecutive frames of one series within the
     * response are joined here; a series may still continue in the next response.
     */
    record Decoded(List<StoreSeries> series, String warning) {}

    static final MethodDescriptor.Marshaller<Decoded> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Decoded value) {
            throw new UnsupportedOperationException("the decoded form of a SeriesResponse is not sent");
        }

        @Override
        public Decoded parse(InputStream in) {
            try {
                return decode(readAll(in));
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("reading a SeriesResponse: " + e.getMessage()).withCause(e)
                        .asRuntimeException();
            } catch (IllegalArgumentException e) {
                throw Status.INTERNAL.withDescription("invalid SeriesResponse: " + e.getMessage()).withCause(e)
                        .asRuntimeException();
            }
        }
    };

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_I64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_I32 = 5;
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final MemorySegment segment;
    private final FrameJoiner frames = new FrameJoiner();
    private int pos;

    private SeriesResponseDecoder(byte[] buf) {
        this.buf = buf;
        this.segment = MemorySegment.ofArray(buf);
    }

    /** Reads the whole message into one array of its own: chunk views outlive gRPC's buffers. */
    private static byte[] readAll(InputStream in) throws IOException {
        if (in instanceof KnownLength) {
            int n = in.available();
            byte[] b = new byte[n];
            if (in.readNBytes(b, 0, n) == n && in.read() == -1) {
                return b;
            }
            throw new IOException("stream length differs from its announced " + n + " bytes");
        }
        return in.readAllBytes();
    }

    /**
     * Decodes one message.
     *
     * @throws IllegalArgumentException for malformed bytes, naming the offset
     */
    static Decoded decode(byte[] message) {
        return new SeriesResponseDecoder(message).response(message.length);
    }

    private Decoded response(int end) {
        List<StoreSeries> series = new ArrayList<>();
        String warning = null;
        while (pos < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | WIRE_LEN -> add(series, series(lengthEnd(end)));
                case 2 << 3 | WIRE_LEN -> {
                    int e = lengthEnd(end);
                    warning = string(e);
                }
                case 4 << 3 | WIRE_LEN -> batch(lengthEnd(end), series);
                default -> skip(tag, end);
            }
        }
        StoreSeries last = frames.finish();
        if (last != null) {
            series.add(last);
        }
        return new Decoded(series, warning);
    }

    private void batch(int end, List<StoreSeries> out) {
        while (pos < end) {
            int tag = readVarint32();
            if (tag == (1 << 3 | WIRE_LEN)) {
                add(out, series(lengthEnd(end)));
            } else {
                skip(tag, end);
            }
        }
    }

    /**
     * Hands a frame to {@link #frames}, which joins it to the one before when their labels are equal (a server
     * splits a series with many chunks). Comparing here, right after decoding, is cheaper than on the reader's
     * thread.
     */
    private void add(List<StoreSeries> out, StoreSeries frame) {
        StoreSeries done = frames.add(frame, true);
        if (done != null) {
            out.add(done);
        }
    }

    private StoreSeries series(int end) {
        List<String> pairs = new ArrayList<>(16);
        List<StoreChunk> chunks = new ArrayList<>(16);
        while (pos < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | WIRE_LEN -> label(lengthEnd(end), pairs);
                case 2 << 3 | WIRE_LEN -> {
                    StoreChunk c = aggrChunk(lengthEnd(end));
                    if (c != null) {
                        chunks.add(c);
                    }
                }
                default -> skip(tag, end);
            }
        }
        return new StoreSeries(StoreProtos.labels(pairs.toArray(new String[0])), chunks);
    }

    private void label(int end, List<String> pairs) {
        String name = "";
        String value = "";
        while (pos < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | WIRE_LEN -> name = string(lengthEnd(end));
                case 2 << 3 | WIRE_LEN -> value = string(lengthEnd(end));
                default -> skip(tag, end);
            }
        }
        pairs.add(name);
        pairs.add(value);
    }

    private StoreChunk aggrChunk(int end) {
        int start = pos;
        long minTime = 0;
        long maxTime = 0;
        boolean raw = false;
        int type = 0;
        int dataStart = 0;
        int dataLen = 0;
        while (pos < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | WIRE_VARINT -> minTime = readVarint64();
                case 2 << 3 | WIRE_VARINT -> maxTime = readVarint64();
                case 3 << 3 | WIRE_LEN -> {
                    // A repeated singular message would be merged by protobuf; the last one's fields win here.
                    int e = lengthEnd(end);
                    raw = true;
                    while (pos < e) {
                        int t = readVarint32();
                        switch (t) {
                            case 1 << 3 | WIRE_VARINT -> type = (int) readVarint64();
                            case 2 << 3 | WIRE_LEN -> {
                                int de = lengthEnd(e);
                                dataStart = pos;
                                dataLen = de - pos;
                                pos = de;
                            }
                            default -> skip(t, e);
                        }
                    }
                }
                default -> skip(tag, end);
            }
        }
        if (!raw) {
            return downsampled(start, end);
        }
        Encoding e = switch (type) {
            case 0 -> Encoding.XOR;
            case 1 -> Encoding.HISTOGRAM;
            case 2 -> Encoding.FLOAT_HISTOGRAM;
            default -> throw new StoreException(StoreException.Code.INTERNAL, "unrecognized chunk encoding " + type);
        };
        return new StoreChunk(minTime, maxTime, e, segment.asSlice(dataStart, dataLen));
    }

    /** An {@code AggrChunk} without raw data: the aggregates of a downsampled chunk, through the generated parser. */
    private StoreChunk downsampled(int start, int end) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(buf, start, end - start);
            in.enableAliasing(true);
            return StoreProtos.fromProto(AggrChunk.parseFrom(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("aggregate chunk at byte " + start + ": " + e.getMessage(), e);
        }
    }

    private String string(int end) {
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }

    /** Reads a length and returns where the field ends, checking it against the enclosing message's end. */
    private int lengthEnd(int enclosingEnd) {
        int at = pos;
        int len = readVarint32();
        if (len < 0 || len > enclosingEnd - pos) {
            throw new IllegalArgumentException("field length " + len + " at byte " + at + " exceeds its message");
        }
        return pos + len;
    }

    private void skip(int tag, int end) {
        int at = pos;
        switch (tag & 7) {
            case WIRE_VARINT -> readVarint64();
            case WIRE_I64 -> pos += 8;
            case WIRE_LEN -> pos = lengthEnd(end);
            case WIRE_I32 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7) + " at byte " + at);
        }
        if (tag >>> 3 == 0) {
            throw new IllegalArgumentException("field number 0 at byte " + at);
        }
        if (pos > end) {
            throw new IllegalArgumentException("field at byte " + at + " exceeds its message");
        }
    }

    private int readVarint32() {
        if (pos < buf.length && buf[pos] >= 0) {
            return buf[pos++]; // tags and short lengths: one byte
        }
        return (int) readVarint64();
    }

    /**
     * Reads a varint. Timestamps take 6 bytes, so a varint is usually read with one 8-byte load: its length
     * from the first byte without the continuation bit, its 7-bit groups packed by three mask-and-shift steps.
     */
    private long readVarint64() {
        if (pos <= buf.length - 8) {
            long w = (long) LE_LONG.get(buf, pos);
            long stops = ~w & 0x8080808080808080L;
            if (stops != 0) {
                int len = (Long.numberOfTrailingZeros(stops) + 1) >>> 3;
                long x = w & (0x7F7F7F7F7F7F7F7FL >>> (64 - 8 * len));
                x = ((x & 0x7F007F007F007F00L) >>> 1) | (x & 0x007F007F007F007FL);
                x = ((x & 0x3FFF00003FFF0000L) >>> 2) | (x & 0x00003FFF00003FFFL);
                x = ((x & 0x0FFFFFFF00000000L) >>> 4) | (x & 0x000000000FFFFFFFL);
                pos += len;
                return x;
            }
        }
        return readVarint64Slow();
    }

    private long readVarint64Slow() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint before byte " + pos);
    }
}
