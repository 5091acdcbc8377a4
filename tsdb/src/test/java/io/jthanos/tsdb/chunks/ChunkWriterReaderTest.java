package io.jthanos.tsdb.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.OpaqueChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkWriterReaderTest {
    @TempDir
    Path dir;

    @Test
    void writesPrometheusSegmentLayout() throws Exception {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        a.append(1700000000000L, 1.2e-05);
        long[] refs;
        try (ChunkWriter w = new ChunkWriter(dir)) {
            refs = w.writeChunks(c);
        }
        assertThat(refs).containsExactly(8L);
        // Segment bytes of a one-sample chunk in a block written by promtool 3.5.
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("000001"))))
                .isEqualTo("85bd40dd01000000" + "1001" + "000180a0abfef9623ee92a737110e454" + HexFormat.of().formatHex(crc(c)));
    }

    private static byte[] crc(XorChunk c) {
        byte[] d = c.toByteArray();
        byte[] e = new byte[d.length + 1];
        e[0] = 1;
        System.arraycopy(d, 0, e, 1, d.length);
        int v = io.jthanos.tsdb.encoding.Crc32c.of(e, 0, e.length);
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Test
    void roundTripsAcrossSegmentsAndKeepsABatchTogether() throws Exception {
        Chunk[] series = new Chunk[50];
        for (int i = 0; i < series.length; i++) {
            XorChunk c = new XorChunk();
            XorAppender a = c.appender();
            for (int j = 0; j <= i; j++) {
                a.append(j * 1000L, i * 100 + j);
            }
            series[i] = c;
        }
        long[] refs = new long[series.length];
        try (ChunkWriter w = new ChunkWriter(dir, 300)) {
            for (int i = 0; i < series.length; i += 2) {
                long[] r = w.writeChunks(series[i], series[i + 1]);
                refs[i] = r[0];
                refs[i + 1] = r[1];
            }
            assertThat(w.segments()).isGreaterThan(3);
        }
        try (ChunkReader r = ChunkReader.open(dir)) {
            for (int i = 0; i < series.length; i++) {
                Chunk c = r.chunk(refs[i]);
                assertThat(c.encoding()).isEqualTo(Encoding.XOR);
                assertThat(c.bytes().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(series[i].bytes().toArray(ValueLayout.JAVA_BYTE));
                SampleIterator it = c.iterator(null);
                int n = 0;
                while (it.next() == ValueType.FLOAT) {
                    assertThat(it.atF()).isEqualTo(i * 100 + n);
                    n++;
                }
                assertThat(n).isEqualTo(i + 1);
            }
            assertThat(r.segmentCount()).isGreaterThan(3);
        }
    }

    @Test
    void passesOpaqueEncodingsThrough() throws Exception {
        Chunk h = new OpaqueChunk(Encoding.AGGR, MemorySegment.ofArray(new byte[] {1, 2, 3}));
        long ref;
        try (ChunkWriter w = new ChunkWriter(dir)) {
            ref = w.writeChunks(h)[0];
        }
        try (ChunkReader r = ChunkReader.open(dir)) {
            Chunk c = r.chunk(ref);
            assertThat(c.encoding()).isEqualTo(Encoding.AGGR);
            assertThat(c.bytes().toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void rejectsBadReferencesAndHeaders() throws Exception {
        XorChunk c = new XorChunk();
        c.appender().append(1, 1);
        try (ChunkWriter w = new ChunkWriter(dir)) {
            w.writeChunks(c);
        }
        try (ChunkReader r = ChunkReader.open(dir)) {
            assertThatThrownBy(() -> r.chunk(ChunkRefs.pack(1, 8))).isInstanceOf(CorruptBlockException.class).hasMessageContaining("segment index 1");
            assertThatThrownBy(() -> r.chunk(ChunkRefs.pack(0, 9))).isInstanceOf(CorruptBlockException.class);
            assertThatThrownBy(() -> r.chunk(ChunkRefs.pack(0, 4))).isInstanceOf(CorruptBlockException.class);
            assertThatThrownBy(() -> r.chunk(ChunkRefs.pack(0, 1 << 20))).isInstanceOf(CorruptBlockException.class);
        }
        byte[] b = Files.readAllBytes(dir.resolve("000001"));
        b[0] ^= 1;
        Files.write(dir.resolve("000001"), b);
        assertThatThrownBy(() -> ChunkReader.open(dir)).isInstanceOf(CorruptBlockException.class).hasMessageContaining("magic");
    }
}
