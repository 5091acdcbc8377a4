package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.storage.StorageException;
import io.jthanos.store.ComponentType;
import io.jthanos.store.StoreApi;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.grpc.GrpcStoreClient;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The querier end to end: two replica stores (external label {@code replica}) behind a proxy, reached
 * through loopback gRPC, deduplicated by the querier. Expected samples are traced by hand through Thanos's
 * penalty algorithm (see {@code PenaltyDedupIteratorTest}).
 */
class StoreQueryableTest {
    // Fixtures are encoded by the store test-jar codec and decoded by the real XorChunk: a cross-check of both.
    private static final ChunkDecoder XOR = XorChunkDecoder.INSTANCE;
    private static final Labels SERIES = Labels.of("__name__", "c", "job", "x");
    // Replica r1 misses 30s..50s; r2 scrapes 5 s later and is complete.
    private static final long[] R1_T = {0, 10_000, 20_000, 60_000, 70_000, 80_000, 90_000};
    private static final double[] R1_V = {1, 2, 3, 7, 8, 9, 10};
    private static final long[] R2_T = {5_000, 15_000, 25_000, 35_000, 45_000, 55_000, 65_000, 75_000, 85_000, 95_000};
    private static final double[] R2_V = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110};

    private final List<LoopbackStore> servers = new ArrayList<>();

    @AfterEach
    void close() {
        for (LoopbackStore s : servers) {
            s.close();
        }
    }

    private StoreClient replica(String name, long[] ts, double[] vs, boolean failing) {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable().add(SERIES, ts, vs, 1000);
        if (failing) {
            db.failWith(new IllegalStateException("replica " + name + " is down"));
        }
        LoopbackStore s = new LoopbackStore(new TsdbStore(db, Labels.of("replica", name), ComponentType.RECEIVE,
                () -> 0, () -> 1_000_000));
        servers.add(s);
        GrpcStoreClient c = s.client();
        return new StoreClient(c.toString(), c, c.info());
    }

    private StoreApi proxy(StoreClient... clients) {
        List<StoreClient> list = List.of(clients);
        return new ProxyStore(() -> list, Labels.empty(), ComponentType.QUERY, Duration.ofSeconds(10));
    }

    private StoreApi twoReplicas() {
        return proxy(replica("r1", R1_T, R1_V, false), replica("r2", R2_T, R2_V, false));
    }

    private static List<String> samples(Series s) {
        List<String> out = new ArrayList<>();
        SampleIterator it = s.iterator(null);
        while (it.next() == ValueType.FLOAT) {
            out.add(it.atT() + "=" + it.atF());
        }
        return out;
    }

    private static List<Series> all(SeriesSet set) {
        List<Series> out = new ArrayList<>();
        while (set.next()) {
            out.add(set.at());
        }
        return out;
    }

    private static QueryOptions options(boolean dedup, DedupFunction f, boolean partial) {
        return new QueryOptions(dedup, List.of("replica"), f, partial, 0);
    }

    @Test
    void penaltyDedupFillsTheGapFromTheOtherReplicaAndDropsTheReplicaLabel() {
        Querier q = new StoreQueryable(twoReplicas(), XOR, options(true, DedupFunction.PENALTY, true)).querier(0, 100_000);
        List<Series> series = all(q.select(true, null, Matcher.equal("__name__", "c")));
        assertThat(series).hasSize(1);
        assertThat(series.get(0).labels()).isEqualTo(SERIES);
        assertThat(samples(series.get(0))).containsExactly("0=1.0", "10000=2.0", "20000=3.0",
                "45000=105.0", "55000=106.0", "65000=107.0", "75000=108.0", "85000=109.0", "95000=110.0");
    }

    @Test
    void withoutDedupBothReplicasComeBackWithTheirLabels() {
        Querier q = new StoreQueryable(twoReplicas(), XOR, options(false, DedupFunction.PENALTY, true)).querier(0, 100_000);
        List<Series> series = all(q.select(true, null, Matcher.equal("__name__", "c")));
        assertThat(series).extracting(Series::labels).containsExactly(
                Labels.of("__name__", "c", "job", "x", "replica", "r1"), Labels.of("__name__", "c", "job", "x", "replica", "r2"));
        assertThat(samples(series.get(0))).hasSize(R1_T.length).first().isEqualTo("0=1.0");
        assertThat(samples(series.get(1))).hasSize(R2_T.length).first().isEqualTo("5000=101.0");
    }

    @Test
    void counterFunctionsAdjustAcrossReplicaSwitches() {
        // r1 counts 100,110,120 and stops; r2 (restarted) counts 50..75 every 10 s from 5 s on. Traced: r1
        // until 20 s, then r2 from 45 s with +50 so that the counter does not drop from 120 to 70.
        StoreApi store = proxy(replica("r1", new long[] {0, 10_000, 20_000}, new double[] {100, 110, 120}, false),
                replica("r2", new long[] {5_000, 15_000, 25_000, 35_000, 45_000, 55_000},
                        new double[] {50, 55, 60, 65, 70, 75}, false));
        Querier q = new StoreQueryable(store, XOR, options(true, DedupFunction.PENALTY, true)).querier(0, 100_000);
        SelectHints rate = new SelectHints(0, 100_000, 0, "rate", 60_000, List.of(), false, false);
        assertThat(samples(all(q.select(true, rate, Matcher.equal("__name__", "c"))).get(0)))
                .containsExactly("0=100.0", "10000=110.0", "20000=120.0", "45000=120.0", "55000=125.0");
        SelectHints plain = new SelectHints(0, 100_000, 0, "max_over_time", 60_000, List.of(), false, false);
        assertThat(samples(all(q.select(true, plain, Matcher.equal("__name__", "c"))).get(0)))
                .containsExactly("0=100.0", "10000=110.0", "20000=120.0", "45000=70.0", "55000=75.0");
    }

    @Test
    void chainDedupMergesAllSamplesByTimestamp() {
        Querier q = new StoreQueryable(twoReplicas(), XOR, options(true, DedupFunction.CHAIN, true)).querier(0, 100_000);
        List<String> s = samples(all(q.select(true, null, Matcher.equal("__name__", "c"))).get(0));
        assertThat(s).hasSize(R1_T.length + R2_T.length);
        assertThat(s.subList(0, 4)).containsExactly("0=1.0", "5000=101.0", "10000=2.0", "15000=102.0");
    }

    @Test
    void samplesAreBoundedToTheQuerierRange() {
        Querier q = new StoreQueryable(twoReplicas(), XOR, options(true, DedupFunction.PENALTY, true)).querier(50_000, 80_000);
        // Bounded to [50s, 80s]: r1 has 60,70,80 s and r2 55,65,75 s. r2's 55 s is earlier and wins, r1 gets the
        // 5000 ms penalty (sought to 60001 -> 70 s, loses to 65 s), then 2*(65-55) = 20 s, sought past 80 s.
        assertThat(samples(all(q.select(true, null, Matcher.equal("__name__", "c"))).get(0)))
                .containsExactly("55000=106.0", "65000=107.0", "75000=108.0");
    }

    /** The chunk path's samples within {@code [minTime, maxTime]}, as PromQL reads them. */
    private static List<String> chunkSamples(ChunkSeries s, long minTime, long maxTime) {
        List<String> out = new ArrayList<>();
        ChunkIterator chunks = s.chunks();
        while (chunks.next()) {
            SampleIterator it = chunks.at().chunk().iterator(null);
            for (ValueType vt = it.seek(minTime); vt == ValueType.FLOAT && it.atT() <= maxTime; vt = it.next()) {
                out.add(it.atT() + "=" + it.atF());
            }
        }
        return out;
    }

    @Test
    void chunkSelectsGiveTheSamplesOfSampleSelects() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long[] t = new long[500];
        double[] v = new double[500];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 15_000L + random.nextInt(0, 3) * 1000;
            v[i] = random.nextInt(0, 8) == 0 ? 0 : i + random.nextDouble();
        }
        StoreApi one = proxy(replica("r1", t, v, false));
        StoreApi two = twoReplicas();
        SelectHints rate = new SelectHints(0, 100_000, 0, "rate", 60_000, List.of(), false, false);
        for (StoreApi store : List.of(one, two)) {
            for (QueryOptions o : List.of(options(true, DedupFunction.PENALTY, true), options(false, DedupFunction.PENALTY, true),
                    options(true, DedupFunction.CHAIN, true))) {
                for (long[] range : new long[][] {{0, 100_000}, {50_000, 80_000}, {1_000_000, 5_000_000}, {0, Long.MAX_VALUE}}) {
                    for (SelectHints hints : java.util.Arrays.asList(null, rate)) {
                        StoreQueryable queryable = new StoreQueryable(store, XOR, o);
                        List<Series> expected = all(queryable.querier(range[0], range[1])
                                .select(true, hints, Matcher.equal("__name__", "c")));
                        ChunkSeriesSet set = queryable.chunkQuerier(range[0], range[1])
                                .select(true, hints, Matcher.equal("__name__", "c"));
                        for (Series e : expected) {
                            assertThat(set.next()).isTrue();
                            assertThat(set.at().labels()).isEqualTo(e.labels());
                            assertThat(chunkSamples(set.at(), range[0], range[1])).as("%s %s %s", o, range[0], hints)
                                    .isEqualTo(samples(e));
                        }
                        assertThat(set.next()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void failingStoreIsAWarningWithPartialResponseAndAnErrorWithout() {
        StoreApi store = proxy(replica("r1", R1_T, R1_V, false), replica("r2", R2_T, R2_V, true));
        Querier partial = new StoreQueryable(store, XOR, options(true, DedupFunction.PENALTY, true)).querier(0, 100_000);
        SeriesSet set = partial.select(true, null, Matcher.equal("__name__", "c"));
        List<Series> series = all(set);
        assertThat(series).hasSize(1);
        assertThat(samples(series.get(0))).hasSize(R1_T.length);
        assertThat(set.warnings().messages(Annotation.Severity.WARNING))
                .anySatisfy(w -> assertThat(w).contains("replica r2 is down"));

        Querier strict = new StoreQueryable(store, XOR, options(true, DedupFunction.PENALTY, false)).querier(0, 100_000);
        SeriesSet failed = strict.select(true, null, Matcher.equal("__name__", "c"));
        assertThatThrownBy(failed::next).isInstanceOf(StorageException.class).hasMessageContaining("replica r2 is down");
    }

    @Test
    void labelNamesAndValuesGoThroughTheStores() {
        Querier q = new StoreQueryable(twoReplicas(), XOR, options(false, DedupFunction.PENALTY, true)).querier(0, 100_000);
        assertThat(q.labelNames(null).values()).containsExactly("__name__", "job", "replica");
        assertThat(q.labelValues("replica", null).values()).containsExactly("r1", "r2");
    }
}
