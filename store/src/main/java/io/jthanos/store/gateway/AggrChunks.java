package io.jthanos.store.gateway;

import io.jthanos.store.Aggregation;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Selects aggregates from a Thanos aggregate chunk (encoding {@code 0xFF}): five sub-chunks count, sum, min,
 * max, counter, each {@code uvarint len} then, if {@code len > 0}, an encoding byte and {@code len} data bytes.
 * Aggregates not asked for become empty ({@code len = 0}), so only the requested ones travel to the querier.
 */
final class AggrChunks {
    private AggrChunks() {}

    static MemorySegment select(MemorySegment data, List<Aggregation> wanted, String file, long fileOff)
            throws CorruptBlockException {
        if (wanted.isEmpty()) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) data.byteSize());
        long pos = 0;
        for (int i = 0; i < 5; i++) {
            long start = pos;
            long len = 0;
            int shift = 0;
            while (true) {
                if (pos >= data.byteSize()) {
                    throw new CorruptBlockException(file, fileOff, "truncated aggregate chunk");
                }
                int x = data.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
                len |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    break;
                }
                shift += 7;
            }
            long end = len == 0 ? pos : pos + 1 + len;
            if (end > data.byteSize()) {
                throw new CorruptBlockException(file, fileOff, "aggregate " + i + " exceeds the chunk");
            }
            if (len > 0 && wanted.contains(Aggregation.values()[i + 1])) {
                out.writeBytes(data.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE));
            } else {
                out.write(0);
            }
            pos = end;
        }
        return MemorySegment.ofArray(out.toByteArray());
    }
}
