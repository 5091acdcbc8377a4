package io.jthanos.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockQuerierTest {
    @TempDir
    static Path dir;

    final TreeMap<Labels, TestBlocks.Samples> model = new TreeMap<>();
    Block block;

    @BeforeAll
    void writeBlock() throws Exception {
        Random r = new Random(9);
        String[] jobs = {"api", "db", "cache", ""};
        for (int i = 0; i < 300; i++) {
            Labels l = Labels.of("__name__", i % 2 == 0 ? "up" : "requests_total", "job", jobs[i % 4], "instance", "i" + (i % 37),
                    "env", r.nextBoolean() ? "prod" : "", "shard", Integer.toString(i));
            int n = 1 + r.nextInt(400);
            long[] t = new long[n];
            double[] v = new double[n];
            long ts = 1_000_000 + r.nextInt(60_000);
            for (int k = 0; k < n; k++) {
                t[k] = ts;
                v[k] = r.nextInt(5) == 0 ? Double.NaN : r.nextInt(1000);
                ts += 15_000 + r.nextInt(3);
            }
            model.put(l, new TestBlocks.Samples(t, v));
        }
        BlockMeta meta = TestBlocks.write(dir, model);
        block = Block.open(dir.resolve(meta.ulid()));
        assertThat(meta.stats().numSeries()).isEqualTo(300);
    }

    @AfterAll
    void close() {
        block.close();
    }


    @Test
    void selectMatchesTheNaiveModelForAllMatcherKinds() {
        List<Matcher[]> cases = List.of(
                new Matcher[] {Matcher.equal("__name__", "up")},
                new Matcher[] {Matcher.equal("job", "")},
                new Matcher[] {Matcher.notEqual("job", "")},
                new Matcher[] {Matcher.notEqual("job", "api"), Matcher.equal("__name__", "up")},
                new Matcher[] {Matcher.regex("job", "a.*|")},
                new Matcher[] {Matcher.regex("instance", "i1.*"), Matcher.notRegex("job", "db|cache")},
                new Matcher[] {Matcher.regex("env", ".*")},
                new Matcher[] {Matcher.regex("env", ".+")},
                new Matcher[] {Matcher.notRegex("env", ".+"), Matcher.equal("job", "db")},
                new Matcher[] {Matcher.equal("missing", "")},
                new Matcher[] {Matcher.equal("missing", "x")},
                new Matcher[] {Matcher.regex("shard", "1|2|3|299|no")},
                new Matcher[] {Matcher.notEqual("__name__", "up"), Matcher.notEqual("job", "cache")});
        for (Matcher[] ms : cases) {
            List<Labels> expected = model.keySet().stream().filter(l -> Matcher.matchAll(l, List.of(ms))).toList();
            List<Labels> got = new ArrayList<>();
            try (BlockQuerier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(false, null, ms);
                SampleIterator it = null;
                while (ss.next()) {
                    got.add(ss.at().labels());
                    it = ss.at().iterator(it);
                    TestBlocks.Samples s = model.get(ss.at().labels());
                    for (int k = 0; k < s.t().length; k++) {
                        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
                        assertThat(it.atT()).isEqualTo(s.t()[k]);
                        assertThat(Double.doubleToRawLongBits(it.atF())).isEqualTo(Double.doubleToRawLongBits(s.v()[k]));
                    }
                    assertThat(it.next()).isEqualTo(ValueType.NONE);
                }
            }
            assertThat(got).as(List.of(ms).toString()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void samplesAreTrimmedToTheQueryRangeAndSeekWorks() {
        long min = 1_500_000;
        long max = 3_000_000;
        try (BlockQuerier q = block.querier(min, max)) {
            SeriesSet ss = q.select(true, null, Matcher.regex("__name__", ".+"));
            int series = 0;
            while (ss.next()) {
                TestBlocks.Samples s = model.get(ss.at().labels());
                List<Long> expected = new ArrayList<>();
                for (long t : s.t()) {
                    if (t >= min && t <= max) {
                        expected.add(t);
                    }
                }
                List<Long> got = new ArrayList<>();
                SampleIterator it = ss.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    got.add(it.atT());
                }
                assertThat(got).isEqualTo(expected);
                SampleIterator seek = ss.at().iterator(null);
                long target = min + 700_000;
                Long first = expected.stream().filter(t -> t >= target).findFirst().orElse(null);
                assertThat(seek.seek(target)).isEqualTo(first == null ? ValueType.NONE : ValueType.FLOAT);
                if (first != null) {
                    assertThat(seek.atT()).isEqualTo(first);
                }
                series++;
            }
            assertThat(series).isGreaterThan(100).isLessThan(300);
        }
    }

    @Test
    void chunkQuerierPassesChunksThroughOrTrimsThem() {
        try (BlockChunkQuerier q = block.chunkQuerier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            ChunkSeriesSet ss = q.select(true, null, Matcher.equal("shard", "7"));
            assertThat(ss.next()).isTrue();
            ChunkIterator it = ss.at().chunks();
            int samples = 0;
            while (it.next()) {
                samples += it.at().chunk().numSamples();
            }
            assertThat(samples).isEqualTo(model.get(ss.at().labels()).t().length);
            assertThat(ss.next()).isFalse();
        }
        long min = 1_500_000;
        long max = 3_000_000;
        try (BlockChunkQuerier q = block.chunkQuerier(min, max)) {
            ChunkSeriesSet ss = q.select(true, SelectHints.range(min, max), Matcher.regex("shard", ".*"));
            while (ss.next()) {
                ChunkIterator it = ss.at().chunks();
                while (it.next()) {
                    assertThat(it.at().minTime()).isGreaterThanOrEqualTo(min);
                    assertThat(it.at().maxTime()).isLessThanOrEqualTo(max);
                    SampleIterator si = it.at().chunk().iterator(null);
                    while (si.next() == ValueType.FLOAT) {
                        assertThat(si.atT()).isBetween(it.at().minTime(), it.at().maxTime());
                    }
                }
            }
        }
    }

    @Test
    void labelNamesAndValuesComeFromTheIndex() {
        try (BlockQuerier q = block.querier(0, 1)) {
            assertThat(q.labelNames(LabelHints.NONE).values()).containsExactly("__name__", "env", "instance", "job", "shard");
            assertThat(q.labelValues("job", LabelHints.NONE).values()).containsExactly("api", "cache", "db");
            assertThat(q.labelValues("job", new LabelHints(2)).values()).containsExactly("api", "cache");
            assertThat(q.labelValues("job", LabelHints.NONE, Matcher.equal("shard", "1")).values()).containsExactly("db");
            assertThat(q.labelNames(LabelHints.NONE, Matcher.equal("shard", "3")).values()).doesNotContain("job");
        }
    }

    @Test
    void blockStaysOpenUntilTheLastQuerierCloses() throws Exception {
        Map.Entry<Labels, TestBlocks.Samples> first = model.firstEntry();
        Block b = Block.open(block.dir());
        BlockQuerier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE);
        b.close();
        SeriesSet ss = q.select(true, null, Matcher.equal("shard", first.getKey().get("shard")));
        assertThat(ss.next()).isTrue();
        assertThat(ss.at().iterator(null).next()).isEqualTo(ValueType.FLOAT);
        q.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.querier(0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
