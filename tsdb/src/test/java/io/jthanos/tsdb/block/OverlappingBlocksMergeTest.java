package io.jthanos.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.MergeChunkQuerier;
import io.jthanos.storage.MergeQuerier;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.SeriesSet;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vertical merge of overlapping blocks through {@link MergeChunkQuerier}: the chunks of a series come
 * out time-ordered and non-overlapping, one sample per timestamp (the earliest block winning a
 * timestamp), chunks that overlap nothing unchanged, and the samples equal both a naive model and the
 * sample-level {@link MergeQuerier}.
 */
class OverlappingBlocksMergeTest {
    private static final Matcher ALL = Matcher.regex("__name__", ".+");

    @Test
    void overlappingBlocksMergeIntoOrderedDeduplicatedChunks(@TempDir Path dir) throws Exception {
        Random r = new Random(11);
        int blocks = 4;
        List<TreeMap<Labels, TestBlocks.Samples>> inputs = new ArrayList<>();
        TreeMap<Labels, TreeMap<Long, Double>> model = new TreeMap<>();
        for (int b = 0; b < blocks; b++) {
            TreeMap<Labels, TestBlocks.Samples> block = new TreeMap<>();
            for (int s = 0; s < 60; s++) {
                if (b > 0 && r.nextInt(3) == 0) {
                    continue;
                }
                Labels l = Labels.of("__name__", "m", "s", Integer.toString(s));
                // blocks overlap in time; on a shared grid many timestamps coincide, sometimes with other values
                long start = 1_000_000L + b * 900_000L + r.nextInt(4) * 15_000L + (s % 3 == 0 ? r.nextInt(7) : 0);
                int n = 1 + r.nextInt(s % 5 == 0 ? 20 : 400);
                long[] t = new long[n];
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    t[k] = start + k * 15_000L;
                    v[k] = r.nextInt(4) == 0 ? t[k] / 1000.0 + b : t[k] / 1000.0;
                }
                block.put(l, new TestBlocks.Samples(t, v));
            }
            inputs.add(block);
        }
        inputs.add(inputs.get(1)); // an exact copy of block 1: its chunks are dropped as duplicates
        for (TreeMap<Labels, TestBlocks.Samples> block : inputs) {
            for (Map.Entry<Labels, TestBlocks.Samples> e : block.entrySet()) {
                TreeMap<Long, Double> m = model.computeIfAbsent(e.getKey(), x -> new TreeMap<>());
                for (int k = 0; k < e.getValue().t().length; k++) {
                    m.putIfAbsent(e.getValue().t()[k], e.getValue().v()[k]);
                }
            }
        }
        List<Block> opened = new ArrayList<>();
        for (TreeMap<Labels, TestBlocks.Samples> block : inputs) {
            Path d = dir.resolve("b" + opened.size());
            BlockMeta meta = TestBlocks.write(d, block);
            opened.add(Block.open(d.resolve(meta.ulid())));
        }
        try {
            int reencoded = 0;
            int passedThrough = 0;
            List<ChunkQuerier> cqs = new ArrayList<>();
            List<Querier> qs = new ArrayList<>();
            for (Block b : opened) {
                cqs.add(b.chunkQuerier(Long.MIN_VALUE, Long.MAX_VALUE));
                qs.add(b.querier(Long.MIN_VALUE, Long.MAX_VALUE));
            }
            try (ChunkQuerier cq = new MergeChunkQuerier(cqs); Querier q = new MergeQuerier(qs)) {
                ChunkSeriesSet chunks = cq.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), ALL);
                SeriesSet samples = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), ALL);
                List<Labels> seen = new ArrayList<>();
                while (chunks.next()) {
                    assertThat(samples.next()).isTrue();
                    Labels l = chunks.at().labels();
                    assertThat(samples.at().labels()).isEqualTo(l);
                    seen.add(l);
                    List<ChunkMeta> sources = sourceChunks(cqs, l);
                    List<long[]> got = new ArrayList<>();
                    ChunkIterator it = chunks.at().chunks();
                    long prevMax = Long.MIN_VALUE;
                    while (it.next()) {
                        ChunkMeta m = it.at();
                        assertThat(m.minTime()).as("%s chunks do not overlap", l).isGreaterThan(prevMax);
                        prevMax = m.maxTime();
                        SampleIterator si = m.chunk().iterator(null);
                        int n = 0;
                        long first = 0;
                        long last = 0;
                        while (si.next() == ValueType.FLOAT) {
                            if (n++ == 0) {
                                first = si.atT();
                            }
                            last = si.atT();
                            got.add(new long[] {si.atT(), Double.doubleToRawLongBits(si.atF())});
                        }
                        assertThat(first).isEqualTo(m.minTime());
                        assertThat(last).isEqualTo(m.maxTime());
                        if (sources.stream().anyMatch(src -> src.minTime() == m.minTime() && src.maxTime() == m.maxTime()
                                && src.chunk().bytes().byteSize() == m.chunk().bytes().byteSize()
                                && src.chunk().bytes().mismatch(m.chunk().bytes()) == -1)) {
                            passedThrough++;
                        } else {
                            reencoded++;
                            assertThat(n).isLessThanOrEqualTo(120);
                        }
                    }
                    assertThat(got).as("%s samples", l).containsExactlyElementsOf(expected(model.get(l)));
                    List<long[]> chained = new ArrayList<>();
                    SampleIterator si = samples.at().iterator(null);
                    while (si.next() == ValueType.FLOAT) {
                        chained.add(new long[] {si.atT(), Double.doubleToRawLongBits(si.atF())});
                    }
                    assertThat(chained).containsExactlyElementsOf(got);
                }
                assertThat(samples.next()).isFalse();
                assertThat(seen).containsExactlyElementsOf(model.keySet());
            }
            assertThat(reencoded).as("overlapping chunks were re-encoded").isPositive();
            assertThat(passedThrough).as("chunks overlapping nothing passed through").isPositive();
        } finally {
            for (Block b : opened) {
                b.close();
            }
        }
    }

    /** Every chunk that any input block holds for {@code l}, as the chunk queriers return them. */
    private static List<ChunkMeta> sourceChunks(List<ChunkQuerier> cqs, Labels l) {
        List<ChunkMeta> out = new ArrayList<>();
        Matcher[] ms = new Matcher[l.size()];
        for (int i = 0; i < l.size(); i++) {
            ms[i] = Matcher.equal(l.name(i), l.value(i));
        }
        for (ChunkQuerier q : cqs) {
            ChunkSeriesSet s = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), ms);
            while (s.next()) {
                ChunkIterator it = s.at().chunks();
                while (it.next()) {
                    out.add(it.at());
                }
            }
        }
        return out;
    }

    private static List<long[]> expected(TreeMap<Long, Double> m) {
        List<long[]> out = new ArrayList<>();
        m.forEach((t, v) -> out.add(new long[] {t, Double.doubleToRawLongBits(v)}));
        return out;
    }
}
