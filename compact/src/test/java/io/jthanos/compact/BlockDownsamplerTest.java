package io.jthanos.compact;

import static io.jthanos.compact.Fixtures.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import io.jthanos.compact.downsample.BlockDownsampler;
import io.jthanos.model.Labels;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.SelectHints;
import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockChunkQuerier;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDownsamplerTest {
    @TempDir Path tmp;

    /** Per series: total count and sum over all windows of the block's count and sum aggregates. */
    private static Map<Labels, double[]> totals(Path blockDir) throws Exception {
        Map<Labels, double[]> out = new TreeMap<>();
        try (Block b = Block.open(blockDir);
                BlockChunkQuerier q = b.chunkQuerier(b.meta().minTime(), b.meta().maxTime() - 1)) {
            ChunkSeriesSet set = q.select(true, new SelectHints(b.meta().minTime(), b.meta().maxTime() - 1, 0, null, 0,
                    List.of(), false, true));
            while (set.next()) {
                double[] t = out.computeIfAbsent(set.at().labels(), k -> new double[2]);
                ChunkIterator it = set.at().chunks();
                while (it.next()) {
                    assertThat(it.at().chunk().encoding()).isEqualTo(Encoding.AGGR);
                    AggrChunk a = AggrChunk.wrap(it.at().chunk().bytes());
                    t[0] += sum(a.get(AggrType.COUNT).iterator(null));
                    t[1] += sum(a.get(AggrType.SUM).iterator(null));
                }
            }
        }
        return out;
    }

    private static double sum(SampleIterator it) {
        double s = 0;
        while (it.next() == ValueType.FLOAT) {
            s += it.atF();
        }
        return s;
    }

    @Test
    void rawToFiveMinutesToOneHourKeepsCountsSumsAndLineage() throws Exception {
        Fixtures.Data data = Fixtures.generate(3, 0, 48 * HOUR, 60_000, 9);
        BlockMeta raw = Fixtures.writeBlock(tmp.resolve("raw"), data, 0, 48 * HOUR, Map.of("c", "x"), 1000);
        BlockMeta fiveMin = BlockDownsampler.downsample(tmp.resolve("raw").resolve(raw.ulid()), tmp.resolve("5m"), 300_000);
        BlockMeta hour = BlockDownsampler.downsample(tmp.resolve("5m").resolve(fiveMin.ulid()), tmp.resolve("1h"), 3_600_000);

        for (BlockMeta m : List.of(fiveMin, hour)) {
            assertThat(m.minTime()).isEqualTo(raw.minTime());
            assertThat(m.maxTime()).isEqualTo(raw.maxTime());
            assertThat(m.compaction()).isEqualTo(raw.compaction());
            assertThat(m.thanos().labels()).isEqualTo(Map.of("c", "x"));
            assertThat(m.thanos().source()).isEqualTo("compactor");
            assertThat(m.stats().numSeries()).isEqualTo(3);
        }
        assertThat(fiveMin.thanos().downsampleResolution()).isEqualTo(300_000);
        assertThat(hour.thanos().downsampleResolution()).isEqualTo(3_600_000);
        assertThat(fiveMin.stats().numSamples()).isEqualTo(3 * 48 * 12);
        assertThat(hour.stats().numSamples()).isEqualTo(3 * 48);

        Map<Labels, double[]> expected = new TreeMap<>();
        data.forEach((l, s) -> expected.put(l, new double[] {s.size(), s.values().stream().mapToDouble(Double::doubleValue).sum()}));
        for (Path dir : List.of(tmp.resolve("5m").resolve(fiveMin.ulid()), tmp.resolve("1h").resolve(hour.ulid()))) {
            Map<Labels, double[]> got = totals(dir);
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            got.forEach((l, t) -> assertThat(t).containsExactly(expected.get(l)));
        }
        assertThatThrownBy(() -> BlockDownsampler.downsample(tmp.resolve("1h").resolve(hour.ulid()), tmp.resolve("x"), 300_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
