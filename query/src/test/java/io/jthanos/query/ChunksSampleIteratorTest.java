package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random walks of {@code next}/{@code seek} over several chunks against a plain array: short seeks step within
 * the current chunk, longer ones fall back to the chunk's seek or skip whole chunks; a spare chunk decoder
 * handed over from a finished iterator is reused.
 */
class ChunksSampleIteratorTest {
    private final List<Long> ts = new ArrayList<>();
    private final List<StoreChunk> chunks = new ArrayList<>();

    ChunksSampleIteratorTest() {
        long t = 1000;
        Random r = new Random(7);
        for (int c = 0; c < 5; c++) {
            XorChunk chunk = new XorChunk();
            XorAppender a = chunk.appender();
            long min = t;
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                a.append(t, t / 10.0);
                ts.add(t);
                t += 1 + r.nextInt(20);
            }
            chunks.add(new StoreChunk(min, ts.getLast(), Encoding.XOR, MemorySegment.ofArray(chunk.toByteArray())));
            t += r.nextInt(200); // a gap between chunks now and then
        }
    }

    @Test
    void nextAndSeekAgreeWithALinearScan() {
        Random r = new Random(42);
        long last = ts.getLast();
        ChunksSampleIterator previous = null;
        for (int walk = 0; walk < 2000; walk++) {
            // Every other walk reuses the previous walk's chunk decoder, as consecutive series of a select do.
            io.jthanos.tsdb.chunkenc.SampleIterator spare = previous != null && walk % 2 == 1 ? previous.chunkIterator() : null;
            ChunksSampleIterator it = new ChunksSampleIterator(chunks, XorChunkDecoder.INSTANCE, spare);
            previous = it;
            int pos = -1; // reference position in ts; ts.size() once exhausted
            long target = 900;
            for (int op = 0; op < 40 && pos < ts.size(); op++) {
                ValueType vt;
                if (r.nextBoolean()) {
                    vt = it.next();
                    pos++;
                } else {
                    target = Math.max(target, pos >= 0 ? ts.get(pos) : 900) + r.nextInt(r.nextBoolean() ? 30 : 400);
                    vt = it.seek(target);
                    int p = Math.max(pos, 0);
                    while (p < ts.size() && ts.get(p) < target) {
                        p++;
                    }
                    pos = p;
                }
                if (pos >= ts.size()) {
                    assertThat(vt).as("walk %d op %d past %d", walk, op, last).isEqualTo(ValueType.NONE);
                    break;
                }
                assertThat(vt).as("walk %d op %d", walk, op).isEqualTo(ValueType.FLOAT);
                assertThat(it.atT()).as("walk %d op %d", walk, op).isEqualTo(ts.get(pos));
                assertThat(it.atF()).isEqualTo(ts.get(pos) / 10.0);
                if (spare != null) {
                    assertThat(it.chunkIterator()).as("the spare decoder is reused").isSameAs(spare);
                }
            }
        }
    }
}
