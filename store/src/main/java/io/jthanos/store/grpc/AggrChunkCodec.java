package io.jthanos.store.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.jthanos.proto.storepb.AggrChunk;
import io.jthanos.proto.storepb.Chunk;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Converts Thanos's downsampled aggregate chunk (chunk encoding {@code 0xFF}, {@code pkg/compact/downsample/aggr.go})
 * to and from the StoreAPI {@code AggrChunk} message. The payload holds five sub-chunks in the order count, sum,
 * min, max, counter, each {@code uvarint len} then, when {@code len > 0}, one chunk-encoding byte and {@code len}
 * bytes of chunk data; {@code len = 0} marks an absent aggregate. On the wire they become the fields
 * {@code count}…{@code counter} (4–8) of {@code AggrChunk}.
 */
final class AggrChunkCodec {
    private AggrChunkCodec() {}

    static AggrChunk toProto(StoreChunk c) {
        MemorySegment d = c.data();
        AggrChunk.Builder b = AggrChunk.newBuilder().setMinTime(c.minTime()).setMaxTime(c.maxTime());
        long pos = 0;
        for (int i = 0; i < 5; i++) {
            long len = 0;
            int shift = 0;
            while (true) {
                if (pos >= d.byteSize()) {
                    throw corrupt("truncated aggregate chunk");
                }
                int x = d.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
                len |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    break;
                }
                shift += 7;
                if (shift > 35) {
                    throw corrupt("aggregate chunk length overflows");
                }
            }
            if (len == 0) {
                continue;
            }
            if (pos + 1 + len > d.byteSize()) {
                throw corrupt("aggregate " + i + " of " + len + " bytes exceeds the chunk");
            }
            int enc = d.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
            Chunk.Encoding type = switch (enc) {
                case 1 -> Chunk.Encoding.XOR;
                case 2 -> Chunk.Encoding.HISTOGRAM;
                case 3 -> Chunk.Encoding.FLOAT_HISTOGRAM;
                default -> throw corrupt("aggregate " + i + " has chunk encoding " + enc);
            };
            ByteString data = UnsafeByteOperations.unsafeWrap(d.asSlice(pos + 1, len).asByteBuffer());
            Chunk chunk = Chunk.newBuilder().setType(type).setData(data).build();
            switch (i) {
                case 0 -> b.setCount(chunk);
                case 1 -> b.setSum(chunk);
                case 2 -> b.setMin(chunk);
                case 3 -> b.setMax(chunk);
                default -> b.setCounter(chunk);
            }
            pos += 1 + len;
        }
        return b.build();
    }

    /** The aggregates of {@code c} as one {@link Encoding#AGGR} chunk, or {@code null} when it has none. */
    static StoreChunk fromProto(AggrChunk c) {
        Chunk[] parts = {
            c.hasCount() ? c.getCount() : null, c.hasSum() ? c.getSum() : null, c.hasMin() ? c.getMin() : null,
            c.hasMax() ? c.getMax() : null, c.hasCounter() ? c.getCounter() : null
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean any = false;
        for (Chunk p : parts) {
            if (p == null || p.getData().isEmpty()) {
                out.write(0);
                continue;
            }
            any = true;
            long len = p.getData().size();
            while (len >= 0x80) {
                out.write((int) (len & 0x7F) | 0x80);
                len >>>= 7;
            }
            out.write((int) len);
            out.write(switch (p.getType()) {
                case XOR -> 1;
                case HISTOGRAM -> 2;
                case FLOAT_HISTOGRAM -> 3;
                case UNRECOGNIZED -> throw corrupt("unrecognized chunk encoding " + p.getTypeValue());
            });
            out.writeBytes(p.getData().toByteArray());
        }
        if (!any) {
            return null;
        }
        return new StoreChunk(c.getMinTime(), c.getMaxTime(), Encoding.AGGR, MemorySegment.ofArray(out.toByteArray()));
    }

    private static StoreException corrupt(String detail) {
        return new StoreException(StoreException.Code.INTERNAL, detail);
    }
}
