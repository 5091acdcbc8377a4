package io.jthanos.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ChunkMerger} against the plain definition: all sources' chunks, stably sorted by time, duplicates once. */
class ChunkMergerTest {

    private static List<StoreChunk> source(Random r, boolean sorted) {
        List<StoreChunk> chunks = new ArrayList<>();
        long t = r.nextInt(5) * 1000L;
        for (int i = r.nextInt(6); i > 0; i--) {
            long min = t;
            long max = min + r.nextInt(3) * 1000L;
            // Few distinct contents, so that sources often hold identical chunks.
            chunks.add(new StoreChunk(min, max, Encoding.XOR, MemorySegment.ofArray(new byte[] {(byte) r.nextInt(2)})));
            t = r.nextBoolean() ? min : max + r.nextInt(2) * 1000L;
        }
        if (sorted) {
            chunks.sort(StoreChunk::compareByTime);
        }
        return chunks;
    }

    private static List<StoreChunk> expected(List<List<StoreChunk>> sources) {
        List<StoreChunk> all = new ArrayList<>();
        sources.forEach(all::addAll);
        all.sort(StoreChunk::compareByTime);
        List<StoreChunk> out = new ArrayList<>();
        for (StoreChunk c : all) {
            if (out.stream().noneMatch(o -> o.sameContent(c))) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void mergesLikeSortingAllChunks() {
        ChunkMerger merger = new ChunkMerger();
        for (int seed = 0; seed < 20_000; seed++) {
            Random r = new Random(seed);
            List<List<StoreChunk>> sources = new ArrayList<>();
            for (int s = 1 + r.nextInt(4); s > 0; s--) {
                sources.add(source(r, r.nextInt(10) > 0));
            }
            merger.reset();
            sources.forEach(merger::add);
            if (sources.size() == 1) {
                assertThat(merger.merged()).isSameAs(sources.getFirst());
            } else {
                assertThat(merger.merged()).as("seed " + seed).containsExactlyElementsOf(expected(sources));
            }
        }
    }
}
