package io.jthanos.compact.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VerticalChunkMergerTest {
    private static ChunkMeta chunk(long... tv) {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        for (int i = 0; i < tv.length; i += 2) {
            a.append(tv[i], tv[i + 1]);
        }
        return new ChunkMeta(tv[0], tv[tv.length - 2], c);
    }

    private static ChunkMeta series(long from, long to, long step, long valueOffset) {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        for (long t = from; t <= to; t += step) {
            a.append(t, t + valueOffset);
        }
        return new ChunkMeta(from, to, c);
    }

    private static TreeMap<Long, Double> samples(List<ChunkMeta> chunks) {
        TreeMap<Long, Double> out = new TreeMap<>();
        long prevMax = Long.MIN_VALUE;
        for (ChunkMeta m : chunks) {
            assertThat(m.minTime()).as("chunks ordered and disjoint").isGreaterThan(prevMax);
            prevMax = m.maxTime();
            SampleIterator it = m.chunk().iterator(null);
            long first = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            while (it.next() == ValueType.FLOAT) {
                if (first == Long.MIN_VALUE) {
                    first = it.atT();
                }
                last = it.atT();
                assertThat(out.put(it.atT(), it.atF())).as("duplicate timestamp %d", it.atT()).isNull();
            }
            assertThat(first).isEqualTo(m.minTime());
            assertThat(last).isEqualTo(m.maxTime());
            assertThat(m.chunk().numSamples()).isLessThanOrEqualTo(120);
        }
        return out;
    }

    @Test
    void nonOverlappingChunksPassThroughUntouched() {
        ChunkMeta a = chunk(0, 1, 10, 2);
        ChunkMeta b = chunk(20, 3, 30, 4);
        List<ChunkMeta> out = new VerticalChunkMerger(DedupFunc.EXACT).merge(List.of(b, a));
        assertThat(out).containsExactly(a, b);
    }

    @Test
    void identicalReplicaChunksAreKeptOnce() {
        ChunkMeta a = chunk(0, 1, 10, 2, 20, 3);
        ChunkMeta b = chunk(0, 1, 10, 2, 20, 3);
        assertThat(new VerticalChunkMerger(DedupFunc.EXACT).merge(List.of(a, b))).containsExactly(a);
    }

    @Test
    void exactDedupKeepsEverySampleOnce() {
        // Two replicas, same timestamps for most samples, each with some the other lacks.
        ChunkMeta a = chunk(0, 1, 10, 2, 20, 3, 40, 5);
        ChunkMeta b = chunk(10, 2, 20, 3, 30, 4, 40, 5, 50, 6);
        List<ChunkMeta> out = new VerticalChunkMerger(DedupFunc.EXACT).merge(List.of(a, b));
        assertThat(samples(out)).containsExactly(java.util.Map.entry(0L, 1.0), java.util.Map.entry(10L, 2.0),
                java.util.Map.entry(20L, 3.0), java.util.Map.entry(30L, 4.0), java.util.Map.entry(40L, 5.0),
                java.util.Map.entry(50L, 6.0));
    }

    @Test
    void exactDedupReencodesLongMergesIntoBoundedChunks() {
        List<ChunkMeta> in = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            in.add(series(k * 1000L, k * 1000L + 119_000, 1000, 0)); // 120 samples each, overlapping
        }
        List<ChunkMeta> out = new VerticalChunkMerger(DedupFunc.EXACT).merge(in);
        TreeMap<Long, Double> s = samples(out);
        assertThat(s).hasSize(122);
        assertThat(s.firstKey()).isZero();
        assertThat(s.lastKey()).isEqualTo(121_000);
        assertThat(out).hasSize(2);
    }

    @Test
    void penaltyDedupFollowsOneReplicaAndFillsItsGapFromTheOther() {
        // Replica A scraped at 0,15s,30s,… with a gap between 60s and 180s; B offset by 5s, no gap.
        List<Long> ta = new ArrayList<>();
        for (long t = 0; t <= 300_000; t += 15_000) {
            if (t <= 60_000 || t >= 180_000) {
                ta.add(t);
            }
        }
        long[] a = new long[ta.size() * 2];
        for (int i = 0; i < ta.size(); i++) {
            a[2 * i] = ta.get(i);
            a[2 * i + 1] = 1;
        }
        ChunkMeta ca = chunk(a);
        ChunkMeta cb = series(5_000, 305_000, 15_000, 0);
        List<ChunkMeta> out = new VerticalChunkMerger(DedupFunc.PENALTY).merge(List.of(ca, cb));
        TreeMap<Long, Double> s = samples(out);
        // Starts on A; switches to B only for the gap, then keeps B (no flapping back and forth).
        assertThat(s.headMap(60_001L).keySet()).containsExactly(0L, 15_000L, 30_000L, 45_000L, 60_000L);
        assertThat(s.subMap(60_001L, 180_000L).keySet()).allMatch(t -> t % 15_000 == 5_000).isNotEmpty();
        long[] ts = s.keySet().stream().mapToLong(Long::longValue).toArray();
        for (int i = 1; i < ts.length; i++) {
            assertThat(ts[i] - ts[i - 1]).as("no sample closer than the scrape interval would allow").isGreaterThanOrEqualTo(10_000);
        }
        // Exact merge of the same input would keep every sample of both replicas.
        assertThat(samples(new VerticalChunkMerger(DedupFunc.EXACT).merge(List.of(ca, cb)))).hasSize(ta.size() + 21);
    }
}
