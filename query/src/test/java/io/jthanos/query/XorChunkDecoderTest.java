package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XorChunkDecoderTest {
    @Test
    void decodesXorChunksWrittenByTheTsdbEncoder() {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        a.append(1000, 1.5);
        a.append(16000, Double.NaN);
        a.append(31000, -3);
        StoreChunk sc = new StoreChunk(1000, 31000, Encoding.XOR, MemorySegment.ofArray(c.toByteArray()));

        SampleIterator it = XorChunkDecoder.INSTANCE.decode(sc).iterator(null);
        List<String> got = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            got.add(it.atT() + "=" + it.atF());
        }
        assertThat(got).containsExactly("1000=1.5", "16000=NaN", "31000=-3.0");
    }

    @Test
    void rejectsHistogramChunks() {
        StoreChunk sc = new StoreChunk(0, 1, Encoding.HISTOGRAM, MemorySegment.ofArray(new byte[] {0, 0}));
        assertThatThrownBy(() -> XorChunkDecoder.INSTANCE.decode(sc))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("HISTOGRAM");
    }
}
