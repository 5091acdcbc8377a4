package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.query.dedup.OverlapSplit;
import io.jthanos.query.dedup.PenaltyDedupArrays;
import io.jthanos.query.dedup.PenaltyDedupIterator;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.SeriesSet;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PenaltyDedupArrays} (and {@link StoreSeriesSet}, which uses it for two XOR replicas) must give exactly
 * what {@link PenaltyDedupIterator} gives over the same chunks, whose output {@code LazyPenaltySeekTest}
 * checks against Thanos's algorithm: same timestamps, same value bits (counter adjustment included), under the
 * same sequence of {@code next} and {@code seek} calls.
 */
class PenaltyDedupArraysTest {
    private static final long STALE_NAN = 0x7ff0000000000002L;

    /** A replica scraped every 15 s from {@code start} with jitter, gaps, missed scrapes, resets, stale markers. */
    private static List<StoreChunk> replica(Random r, long start, int samples) {
        List<StoreChunk> chunks = new ArrayList<>();
        XorChunk chunk = null;
        XorAppender app = null;
        long min = 0;
        long last = 0;
        int inChunk = 0;
        int chunkSize = 1 + r.nextInt(r.nextBoolean() ? 8 : 130);
        long t = start;
        double v = r.nextInt(100);
        for (int i = 0; i < samples; i++) {
            t += 15_000 + (r.nextInt(5) == 0 ? r.nextInt(4001) - 2000 : r.nextInt(3) - 1);
            if (r.nextInt(25) == 0) {
                t += (1 + r.nextInt(8)) * 15_000L; // a gap
            }
            if (r.nextInt(8) == 0) {
                continue; // a missed scrape
            }
            v = r.nextInt(40) == 0 ? r.nextInt(5) : v + r.nextInt(10);
            double sample = r.nextInt(50) == 0 ? Double.longBitsToDouble(STALE_NAN) : v;
            if (chunk == null) {
                chunk = new XorChunk();
                app = chunk.appender();
                min = t;
                inChunk = 0;
            }
            app.append(t, sample);
            last = t;
            if (++inChunk == chunkSize) {
                chunks.add(new StoreChunk(min, last, Encoding.XOR, MemorySegment.ofArray(chunk.toByteArray())));
                chunk = null;
                chunkSize = 1 + r.nextInt(130);
            }
        }
        if (chunk != null) {
            chunks.add(new StoreChunk(min, last, Encoding.XOR, MemorySegment.ofArray(chunk.toByteArray())));
        }
        return chunks;
    }

    /** Replays the same random calls on both iterators, as the engine and range functions would make them. */
    private static void assertSameReads(SampleIterator expected, SampleIterator actual, Random ops, String what) {
        List<String> want = new ArrayList<>();
        List<String> got = new ArrayList<>();
        long cursor = Long.MIN_VALUE;
        boolean first = true;
        for (int step = 0; step < 5_000; step++) {
            boolean seek = first ? ops.nextBoolean() : ops.nextInt(10) == 0;
            long target = 0;
            if (seek) {
                long from = cursor == Long.MIN_VALUE ? ops.nextLong(-50_000, 2_000_000) : cursor;
                target = ops.nextInt(6) == 0 ? Long.MIN_VALUE : from + ops.nextLong(-30_000, 300_000);
            }
            ValueType w = seek ? expected.seek(target) : expected.next();
            ValueType g = seek ? actual.seek(target) : actual.next();
            first = false;
            want.add(w == ValueType.FLOAT ? w + " " + expected.atT() + " " + Double.doubleToRawLongBits(expected.atF()) : w.toString());
            got.add(g == ValueType.FLOAT ? g + " " + actual.atT() + " " + Double.doubleToRawLongBits(actual.atF()) : g.toString());
            if (w != ValueType.FLOAT || g != ValueType.FLOAT) {
                break;
            }
            cursor = expected.atT();
        }
        assertThat(got).as(what).isEqualTo(want);
    }

    private static SampleIterator reference(List<List<StoreChunk>> replicas, boolean counter, long minTime, long maxTime) {
        List<SampleIterator> its = new ArrayList<>();
        for (List<StoreChunk> replica : replicas) {
            its.add(XorChunkDecoder.INSTANCE.samples(replica, null));
        }
        return PenaltyDedupIterator.of(its, counter, minTime, maxTime);
    }

    /** A decoder giving other chunks than XOR ones, whose iterators the dedup reads sample by sample. */
    private static Chunk decodedToArrays(StoreChunk c) {
        SampleIterator it = XorChunkDecoder.INSTANCE.decode(c).iterator(null);
        long[] ts = new long[(c.data().get(ValueLayout.JAVA_BYTE, 0) & 0xFF) << 8 | c.data().get(ValueLayout.JAVA_BYTE, 1) & 0xFF];
        double[] vs = new double[ts.length];
        int n = 0;
        while (it.next() == ValueType.FLOAT) {
            ts[n] = it.atT();
            vs[n++] = it.atF();
        }
        return new FloatArrayChunk(ts, vs, n);
    }

    /** One chunk of {@code values} every 15 s from {@code start}. */
    private static List<StoreChunk> chunkOf(long start, double... values) {
        XorChunk chunk = new XorChunk();
        XorAppender app = chunk.appender();
        for (int i = 0; i < values.length; i++) {
            app.append(start + i * 15_000L, values[i]);
        }
        return List.of(new StoreChunk(start, start + (values.length - 1) * 15_000L, Encoding.XOR,
                MemorySegment.ofArray(chunk.toByteArray())));
    }

    /**
     * Stale markers are signalling NaNs, which any arithmetic (even adding a zero adjustment) turns into plain
     * NaNs. The dedup must pass them on bit for bit, with and without the counter adjustment, and also after a
     * switch to a replica whose values were adjusted.
     */
    @Test
    void staleMarkersKeepTheirBits() {
        double stale = Double.longBitsToDouble(STALE_NAN);
        // A follows until its gap at 45 s–90 s; B (2 ms later, lower values: a restart) takes over, then is stale.
        List<StoreChunk> a = chunkOf(0, 10, 11, stale);
        List<StoreChunk> b = chunkOf(2, 1, 2, 3, 4, 5, 6, stale, 7);
        PenaltyDedupArrays dedup = new PenaltyDedupArrays();
        for (boolean counter : new boolean[] {false, true}) {
            for (SampleIterator it : List.of(reference(List.of(a, b), counter, Long.MIN_VALUE, Long.MAX_VALUE),
                    dedup.dedup(a, b, XorChunkDecoder.INSTANCE::decode, counter, Long.MIN_VALUE, Long.MAX_VALUE, null)
                            .iterator(null))) {
                List<String> got = new ArrayList<>();
                while (it.next() == ValueType.FLOAT) {
                    got.add(it.atT() + "=" + Long.toHexString(Double.doubleToRawLongBits(it.atF())));
                }
                String what = it.getClass().getSimpleName() + (counter ? " counter" : "");
                assertThat(got).as(what).contains("30000=" + Long.toHexString(STALE_NAN));
                assertThat(got).as(what).contains("90002=" + Long.toHexString(STALE_NAN));
                assertThat(got).as(what).noneMatch(s -> s.endsWith("=7ff8000000000002"));
            }
        }
    }

    @Test
    void twoReplicasGiveTheIteratorsSamples() {
        // One deduplicator for every pair, as a series set uses it: nothing of a pair may leak into the next.
        PenaltyDedupArrays dedup = new PenaltyDedupArrays();
        for (int seed = 0; seed < 1_500; seed++) {
            Random r = new Random(seed);
            boolean counter = r.nextBoolean();
            List<StoreChunk> a = replica(r, r.nextInt(3) == 0 ? r.nextInt(120_000) : 0, r.nextInt(4) == 0 ? r.nextInt(10) : 150);
            List<StoreChunk> b = replica(r, r.nextInt(3) == 0 ? r.nextInt(120_000) : 2, r.nextInt(4) == 0 ? r.nextInt(10) : 150);
            long minTime = r.nextBoolean() ? Long.MIN_VALUE : r.nextLong(-10_000, 1_500_000);
            long maxTime = r.nextBoolean() ? Long.MAX_VALUE : minTime == Long.MIN_VALUE ? r.nextLong(0, 2_500_000)
                    : minTime + r.nextLong(-1_000, 2_500_000);
            long opsSeed = r.nextLong();
            assertSameReads(reference(List.of(a, b), counter, minTime, maxTime),
                    dedup.dedup(a, b, seed % 3 == 0 ? PenaltyDedupArraysTest::decodedToArrays : XorChunkDecoder.INSTANCE::decode,
                            counter, minTime, maxTime, null).iterator(null),
                    new Random(opsSeed), "seed " + seed);
        }
    }

    @Test
    void storeSeriesSetGivesTheIteratorsSamplesForTwoAndThreeReplicas() {
        Labels labels = Labels.of("__name__", "http_requests_total", "job", "api");
        for (int seed = 0; seed < 500; seed++) {
            Random r = new Random(seed);
            boolean counter = r.nextBoolean();
            int n = 2 + r.nextInt(2);
            List<List<StoreChunk>> replicas = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                replicas.add(replica(r, k * (r.nextBoolean() ? 2 : 700) + r.nextInt(2) * r.nextInt(90_000), 60 + r.nextInt(120)));
            }
            List<StoreSeries> series = new ArrayList<>();
            if (r.nextInt(3) == 0) {
                // The proxy merged the replicas' chunks into one series: OverlapSplit separates them again.
                List<StoreChunk> all = new ArrayList<>();
                replicas.forEach(all::addAll);
                all.sort(Comparator.comparingLong(StoreChunk::minTime).thenComparingLong(StoreChunk::maxTime));
                series.add(new StoreSeries(labels, all));
            } else {
                replicas.forEach(c -> series.add(new StoreSeries(labels, c)));
            }
            List<List<StoreChunk>> split = new ArrayList<>();
            series.forEach(s -> split.addAll(OverlapSplit.split(s.chunks())));
            long minTime = r.nextLong(-10_000, 1_000_000);
            long maxTime = minTime + r.nextLong(0, 3_000_000);
            SeriesSet set = new StoreSeriesSet(series, Annotations.EMPTY, DedupFunction.PENALTY, counter,
                    XorChunkDecoder.INSTANCE, minTime, maxTime);
            assertThat(set.next()).isTrue();
            long opsSeed = r.nextLong();
            assertSameReads(reference(split, counter, minTime, maxTime), set.at().iterator(null), new Random(opsSeed),
                    "seed " + seed + ", " + n + " replicas");
            assertThat(set.next()).isFalse();
        }
    }
}
