package io.jthanos.compact.downsample;

import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import io.jthanos.tsdb.downsample.CounterResetsIterator;
import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks downsampled chunks against a naive re-computation from the raw samples: for every output
 * chunk, the raw samples it covers (between the first and last sample of its counter aggregate) are
 * grouped by window end, capped at the chunk's last raw timestamp, and count, sum, min, max and the
 * reset-corrected counter are computed directly. Values are integers, so sums are exact whatever the
 * order of additions.
 */
class DownsamplingTest {
    private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    record S(long t, double v) {}

    /** A counter over {@code hours} at {@code stepMs} with resets, a NaN and stale markers. */
    private static List<S> raw(long hours, long stepMs) {
        List<S> out = new ArrayList<>();
        double v = 10;
        int i = 0;
        for (long t = 0; t < hours * 3_600_000L; t += stepMs, i++) {
            v += i % 5;
            if (i % 613 == 300) {
                v = 3; // counter reset
            }
            if (i % 1000 == 999) {
                out.add(new S(t, STALE));
                continue;
            }
            out.add(new S(t, i == 4321 ? Double.NaN : v));
        }
        return out;
    }

    private static List<S> samples(XorChunk c) {
        List<S> out = new ArrayList<>();
        SampleIterator it = c.iterator(null);
        while (it.next() == ValueType.FLOAT) {
            out.add(new S(it.atT(), it.atF()));
        }
        return out;
    }

    private static long window(long t, long res) {
        return t - t % res + res - 1;
    }

    /** Verifies {@code out} against {@code rawSamples} (NaNs included; they must be dropped). */
    private static void verify(List<S> rawSamples, List<ChunkMeta> out, long res) {
        List<S> valid = rawSamples.stream().filter(s -> !Double.isNaN(s.v())).toList();
        int next = 0;
        for (ChunkMeta m : out) {
            assertThat(m.chunk().encoding()).isEqualTo(Encoding.AGGR);
            AggrChunk a = (AggrChunk) m.chunk();
            List<S> counter = samples(a.get(AggrType.COUNTER));
            long t0 = counter.get(0).t();
            long tl = counter.get(counter.size() - 1).t();
            List<S> covered = new ArrayList<>();
            while (next < valid.size() && valid.get(next).t() <= tl) {
                covered.add(valid.get(next++));
            }
            assertThat(covered.get(0).t()).as("chunks cover the raw samples in order, without gaps").isEqualTo(t0);

            Map<Long, double[]> win = new LinkedHashMap<>(); // count, sum, min, max, counter
            double cum = covered.get(0).v();
            double prev = covered.get(0).v();
            for (int k = 0; k < covered.size(); k++) {
                S s = covered.get(k);
                if (k > 0) {
                    cum += s.v() < prev ? s.v() : s.v() - prev;
                    prev = s.v();
                }
                long key = Math.min(window(s.t(), res), tl);
                double[] w = win.computeIfAbsent(key, x -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 0});
                w[0]++;
                w[1] += s.v();
                w[2] = Math.min(w[2], s.v());
                w[3] = Math.max(w[3], s.v());
                w[4] = cum;
            }
            List<S> count = new ArrayList<>();
            List<S> sum = new ArrayList<>();
            List<S> min = new ArrayList<>();
            List<S> max = new ArrayList<>();
            List<S> ctr = new ArrayList<>();
            ctr.add(new S(t0, covered.get(0).v()));
            win.forEach((t, w) -> {
                count.add(new S(t, w[0]));
                sum.add(new S(t, w[1]));
                min.add(new S(t, w[2]));
                max.add(new S(t, w[3]));
                ctr.add(new S(t, w[4]));
            });
            ctr.add(new S(tl, covered.get(covered.size() - 1).v()));
            assertThat(samples(a.get(AggrType.COUNT))).isEqualTo(count);
            assertThat(samples(a.get(AggrType.SUM))).isEqualTo(sum);
            assertThat(samples(a.get(AggrType.MIN))).isEqualTo(min);
            assertThat(samples(a.get(AggrType.MAX))).isEqualTo(max);
            assertThat(counter).isEqualTo(ctr);
            assertThat(m.minTime()).isEqualTo(count.get(0).t());
            assertThat(m.maxTime()).isEqualTo(count.get(count.size() - 1).t());
            assertThat(a.numSamples()).isEqualTo(count.size());
        }
        assertThat(next).as("every valid raw sample is covered").isEqualTo(valid.size());
    }

    private static SampleBuffer buffer(List<S> raw) {
        SampleBuffer b = new SampleBuffer();
        for (S s : raw) {
            b.add(s.t(), s.v());
        }
        return b;
    }

    @Test
    void rawToFiveMinutesMatchesNaiveAggregation() {
        List<S> raw = raw(48, 15_000);
        List<ChunkMeta> out = Downsampling.downsampleRaw(Downsampling.expandForTest(buffer(raw)), Downsampling.RES_5M);
        // Thanos sizes chunks for ~140 samples assuming 1m raw data: 576 windows → 5 chunks.
        assertThat(out).hasSize(5);
        verify(raw, out, Downsampling.RES_5M);
    }

    @Test
    void fiveMinutesToOneHourMatchesNaiveAggregationOfTheRawData() {
        List<S> raw = raw(24 * 12, 60_000);
        List<ChunkMeta> fiveMin = Downsampling.downsampleRaw(Downsampling.expandForTest(buffer(raw)), Downsampling.RES_5M);
        verify(raw, fiveMin, Downsampling.RES_5M);
        List<AggrChunk> in = fiveMin.stream().map(m -> (AggrChunk) m.chunk()).toList();
        List<ChunkMeta> hour = Downsampling.downsampleAggr(in, fiveMin.get(0).minTime(),
                fiveMin.get(fiveMin.size() - 1).maxTime(), Downsampling.RES_5M, Downsampling.RES_1H);
        assertThat(hour.size()).isGreaterThan(1).isLessThan(fiveMin.size());
        verify(raw, hour, Downsampling.RES_1H);
    }

    @Test
    void counterSurvivesAResetBetweenChunks() {
        // Two 5m chunks; the second starts below the first's last value: a reset between chunks.
        List<S> raw = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            raw.add(new S(i * 60_000L, i < 200 ? 1000 + i : i - 200));
        }
        List<ChunkMeta> fiveMin = Downsampling.downsampleRaw(Downsampling.expandForTest(buffer(raw)), Downsampling.RES_5M);
        CounterResetsIterator it = new CounterResetsIterator(
                fiveMin.stream().map(m -> (SampleIterator) ((AggrChunk) m.chunk()).get(AggrType.COUNTER).iterator(null)).toList());
        double last = 0;
        long lastT = -1;
        while (it.next() == ValueType.FLOAT) {
            assertThat(it.atT()).isGreaterThan(lastT);
            assertThat(it.atF()).isGreaterThanOrEqualTo(last);
            last = it.atF();
            lastT = it.atT();
        }
        // 1000 → 1199 (+199), reset to 0 (+0), then +199 up to 199.
        assertThat(last).isEqualTo(1000 + 199 + 199);
        assertThat(it.lastRawValue()).isEqualTo(199);
    }

    @Test
    void aggrChunkLayoutIsUvarintLengthEncodingByteAndXorData() {
        List<ChunkMeta> out = Downsampling.downsampleRaw(Downsampling.expandForTest(buffer(raw(2, 60_000))), Downsampling.RES_5M);
        AggrChunk a = (AggrChunk) out.get(0).chunk();
        byte[] b = a.toByteArray();
        int pos = 0;
        for (AggrType t : AggrType.values()) {
            long len = 0;
            int shift = 0;
            int x;
            do {
                x = b[pos++] & 0xFF;
                len |= (long) (x & 0x7F) << shift;
                shift += 7;
            } while (x >= 0x80);
            assertThat(b[pos++]).as("encoding byte of %s", t).isEqualTo((byte) 1);
            assertThat(Arrays.copyOfRange(b, pos, pos + (int) len)).isEqualTo(a.get(t).toByteArray());
            pos += (int) len;
        }
        assertThat(pos).isEqualTo(b.length);
        XorChunk[] parts = new XorChunk[5];
        parts[AggrType.SUM.index()] = a.get(AggrType.SUM);
        AggrChunk partial = AggrChunk.encode(parts);
        assertThat(partial.toByteArray()[0]).isZero();
        assertThat(partial.get(AggrType.COUNT)).isNull();
        assertThat(partial.get(AggrType.SUM).toByteArray()).isEqualTo(a.get(AggrType.SUM).toByteArray());
        assertThat(partial.get(AggrType.COUNTER)).isNull();
        assertThat(partial.numSamples()).isZero();
    }

    @Test
    void targetChunkCountAsThanos() {
        assertThat(Downsampling.targetChunkCount(0, 48 * 3_600_000L - 15_000, 60_000, 300_000, 11520)).isEqualTo(5);
        assertThat(Downsampling.targetChunkCount(0, 3_600_000L, 60_000, 300_000, 60)).isEqualTo(1);
        assertThat(Downsampling.currentWindow(0, 300_000)).isEqualTo(299_999);
        assertThat(Downsampling.currentWindow(299_999, 300_000)).isEqualTo(299_999);
        assertThat(Downsampling.currentWindow(300_000, 300_000)).isEqualTo(599_999);
    }
}
