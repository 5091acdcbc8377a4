package io.jthanos.store.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ExternalLabels;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The StoreAPI conformance suite (after Thanos's {@code pkg/store/acceptance_test.go}): one subclass per
 * implementation, each reached through real gRPC. The data: seven series of 240 samples every 15 s,
 * cut into chunks of 80 samples, with external labels {@code cluster="eu", replica="r1"}.
 */
public abstract class BaseStoreApiTestCase {
    protected static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "r1");
    protected static final long STEP = 15_000;
    protected static final int SAMPLES = 240;
    protected static final int PER_CHUNK = 80;
    protected static final long MAX_T = (SAMPLES - 1) * STEP;

    protected static final Labels S1 = Labels.of("__name__", "up", "job", "api", "instance", "a");
    protected static final Labels S2 = Labels.of("__name__", "up", "job", "api", "instance", "b");
    protected static final Labels S3 = Labels.of("__name__", "up", "job", "db", "instance", "c");
    protected static final Labels S4 = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a", "code", "200");
    protected static final Labels S5 = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a", "code", "500");
    protected static final Labels S6 = Labels.of("__name__", "order", "a", "1");
    protected static final Labels S7 = Labels.of("__name__", "order", "a", "1", "b", "5");
    protected static final List<Labels> ALL = List.of(S1, S2, S3, S4, S5, S6, S7);

    protected InMemoryChunkQueryable db;

    /** A store serving {@code db} with {@code externalLabels}, reached through gRPC; closed by the subclass. */
    protected abstract StoreApi open(InMemoryChunkQueryable db, Labels externalLabels);

    /**
     * A store over {@code healthy} of which some part fails with {@code failure}: for a single store, the
     * whole store; for a fan-out, one of its stores.
     */
    protected abstract StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels,
            RuntimeException failure);

    /** Whether failures of a part become warnings under {@code WARN} (fan-outs) instead of errors. */
    protected abstract boolean failuresBecomeWarnings();

    @BeforeEach
    void fillData() {
        db = new InMemoryChunkQueryable();
        double base = 0;
        for (Labels l : ALL) {
            db.addRegular(l, 0, STEP, SAMPLES, base, PER_CHUNK);
            base += 1000;
        }
    }

    // ---- helpers

    protected record Result(List<StoreSeries> series, List<String> warnings) {
        List<Labels> labels() {
            return series.stream().map(StoreSeries::labels).toList();
        }
    }

    protected static Result collect(StoreApi store, SeriesRequest request) {
        List<StoreSeries> series = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        store.series(request, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                series.add(s);
            }

            @Override
            public void onWarning(String w) {
                warnings.add(w);
            }
        });
        return new Result(series, warnings);
    }

    protected static Labels ext(Labels l) {
        return ExternalLabels.extend(l, EXTERNAL, new LabelsBuilder());
    }

    protected static List<Labels> sortedExt(Labels... ls) {
        List<Labels> out = new ArrayList<>();
        for (Labels l : ls) {
            out.add(ext(l));
        }
        out.sort(null);
        return out;
    }

    private static SeriesRequest all(Matcher... ms) {
        return SeriesRequest.of(0, MAX_T, ms);
    }

    /** Decodes the samples of {@code chunks} within [minT, maxT] as "t=v" strings. */
    protected static List<String> samples(List<StoreChunk> chunks, long minT, long maxT) {
        List<String> out = new ArrayList<>();
        for (StoreChunk c : chunks) {
            SampleIterator it = new TestXorChunk(c.data()).iterator(null);
            while (it.next() == ValueType.FLOAT) {
                if (it.atT() >= minT && it.atT() <= maxT) {
                    out.add(it.atT() + "=" + it.atF());
                }
            }
        }
        return out;
    }

    protected static List<String> expectedSamples(Labels series, long minT, long maxT) {
        double base = ALL.indexOf(series) * 1000.0;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long t = i * STEP;
            if (t >= minT && t <= maxT) {
                out.add(t + "=" + (base + i));
            }
        }
        return out;
    }

    // ---- matchers

    @Test
    void equalMatcherSelectsSeriesWithExternalLabelsSorted() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("job", "api")));
        assertThat(r.labels()).containsExactlyElementsOf(sortedExt(S1, S2, S4, S5));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void notEqualMatcher() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "up"), Matcher.notEqual("job", "api")));
        assertThat(r.labels()).containsExactly(ext(S3));
    }

    @Test
    void regexMatcher() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.regex("__name__", ".+"), Matcher.regex("instance", "a|c")));
        assertThat(r.labels()).containsExactlyElementsOf(sortedExt(S1, S3, S4, S5));
    }

    @Test
    void notRegexMatcher() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "up"), Matcher.notRegex("instance", "a|b")));
        assertThat(r.labels()).containsExactly(ext(S3));
    }

    @Test
    void matchersOnExternalLabelsSelectTheStore() {
        StoreApi store = open(db, EXTERNAL);
        assertThat(collect(store, all(Matcher.equal("cluster", "eu"), Matcher.equal("job", "db"))).labels())
                .containsExactly(ext(S3));
        assertThat(collect(store, all(Matcher.regex("cluster", "e.*"), Matcher.equal("__name__", "up"))).labels())
                .containsExactlyElementsOf(sortedExt(S1, S2, S3));
        assertThat(collect(store, all(Matcher.notRegex("replica", "r2"), Matcher.equal("job", "db"))).labels())
                .containsExactly(ext(S3));
    }

    @Test
    void externalLabelMatcherThatCannotMatchReturnsNothing() {
        StoreApi store = open(db, EXTERNAL);
        Result r = collect(store, all(Matcher.equal("cluster", "us"), Matcher.equal("__name__", "up")));
        assertThat(r.series()).isEmpty();
        assertThat(collect(store, all(Matcher.notEqual("cluster", "eu"), Matcher.equal("__name__", "up"))).series()).isEmpty();
        assertThat(collect(store, all(Matcher.regex("replica", "r[2-9]"), Matcher.equal("__name__", "up"))).series()).isEmpty();
    }

    // ---- sorting, chunks, time

    @Test
    void seriesStaySortedWhenExternalLabelsChangeTheOrder() {
        // {a="1"} sorts before {a="1", b="5"}, but with cluster="eu" merged in, "b" < "cluster" reverses them.
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "order")));
        assertThat(r.labels()).containsExactly(ext(S7), ext(S6));
    }

    @Test
    void allSeriesAreStrictlySortedAndChunksOrderedByTime() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.regex("__name__", ".+")));
        assertThat(r.labels()).containsExactlyElementsOf(sortedExt(ALL.toArray(new Labels[0])));
        for (StoreSeries s : r.series()) {
            assertThat(s.chunks()).hasSize(SAMPLES / PER_CHUNK);
            for (int i = 1; i < s.chunks().size(); i++) {
                assertThat(s.chunks().get(i).minTime()).isGreaterThan(s.chunks().get(i - 1).maxTime());
            }
        }
    }

    @Test
    void chunkBytesCarryEverySample() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "up"), Matcher.equal("instance", "b")));
        assertThat(r.series()).hasSize(1);
        assertThat(samples(r.series().get(0).chunks(), 0, MAX_T)).containsExactlyElementsOf(expectedSamples(S2, 0, MAX_T));
    }

    @Test
    void timeRangeReturnsOverlappingChunksOnly() {
        long from = 1_300_000, to = 1_500_000;
        Result r = collect(open(db, EXTERNAL), SeriesRequest.of(from, to, Matcher.equal("instance", "c")));
        assertThat(r.series()).hasSize(1);
        List<StoreChunk> chunks = r.series().get(0).chunks();
        assertThat(chunks).isNotEmpty().allSatisfy(c -> {
            assertThat(c.maxTime()).isGreaterThanOrEqualTo(from);
            assertThat(c.minTime()).isLessThanOrEqualTo(to);
        });
        assertThat(chunks).hasSize(1);
        assertThat(samples(chunks, from, to)).containsExactlyElementsOf(expectedSamples(S3, from, to));
    }

    @Test
    void timeRangeOutsideTheDataReturnsNothing() {
        Result r = collect(open(db, EXTERNAL), SeriesRequest.of(MAX_T + 1, MAX_T + 3_600_000, Matcher.equal("__name__", "up")));
        assertThat(r.series()).isEmpty();
    }

    @Test
    void skipChunksReturnsLabelsOnly() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("job", "api")).withSkipChunks(true));
        assertThat(r.labels()).containsExactlyElementsOf(sortedExt(S1, S2, S4, S5));
        assertThat(r.series()).allSatisfy(s -> assertThat(s.chunks()).isEmpty());
    }

    @Test
    void emptyResultIsNotAnError() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "does_not_exist")));
        assertThat(r.series()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    // ---- limit, replica labels

    @Test
    void limitCapsTheNumberOfSeries() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.regex("__name__", ".+")).withLimit(3));
        assertThat(r.labels()).containsExactlyElementsOf(sortedExt(ALL.toArray(new Labels[0])).subList(0, 3));
    }

    @Test
    void withoutReplicaLabelsDropsExternalReplicaLabel() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("job", "api")).withWithoutReplicaLabels(List.of("replica")));
        List<Labels> expected = new ArrayList<>();
        for (Labels l : List.of(S1, S2, S4, S5)) {
            expected.add(ext(l).without(List.of("replica")));
        }
        expected.sort(null);
        assertThat(r.labels()).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutReplicaLabelsOnSeriesLabelsMergesSeriesThatBecomeEqual() {
        Result r = collect(open(db, EXTERNAL), all(Matcher.equal("__name__", "up"), Matcher.equal("job", "api"))
                .withWithoutReplicaLabels(List.of("instance")));
        assertThat(r.labels()).containsExactly(Labels.of("__name__", "up", "job", "api", "cluster", "eu", "replica", "r1"));
        List<StoreChunk> chunks = r.series().get(0).chunks();
        assertThat(chunks).hasSize(2 * SAMPLES / PER_CHUNK);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).minTime()).isGreaterThanOrEqualTo(chunks.get(i - 1).minTime());
        }
    }

    // ---- labels

    @Test
    void labelNamesIncludeExternalLabels() {
        StoreApi store = open(db, EXTERNAL);
        assertThat(store.labelNames(LabelNamesRequest.of(0, MAX_T)).values())
                .containsExactly("__name__", "a", "b", "cluster", "code", "instance", "job", "replica");
        assertThat(store.labelNames(LabelNamesRequest.of(0, MAX_T, Matcher.equal("__name__", "up"))).values())
                .containsExactly("__name__", "cluster", "instance", "job", "replica");
        assertThat(store.labelNames(LabelNamesRequest.of(0, MAX_T, Matcher.equal("__name__", "nope"))).values()).isEmpty();
        assertThat(store.labelNames(LabelNamesRequest.of(0, MAX_T, Matcher.equal("cluster", "us"))).values()).isEmpty();
        assertThat(store.labelNames(LabelNamesRequest.of(0, MAX_T).withLimit(2)).values()).containsExactly("__name__", "a");
    }

    @Test
    void labelValuesWithMatchers() {
        StoreApi store = open(db, EXTERNAL);
        assertThat(store.labelValues(LabelValuesRequest.of("job", 0, MAX_T)).values()).containsExactly("api", "db");
        assertThat(store.labelValues(LabelValuesRequest.of("instance", 0, MAX_T, Matcher.equal("job", "api"))).values())
                .containsExactly("a", "b");
        assertThat(store.labelValues(LabelValuesRequest.of("instance", 0, MAX_T, Matcher.regex("code", "5..")))
                .values()).containsExactly("a");
        assertThat(store.labelValues(LabelValuesRequest.of("cluster", 0, MAX_T)).values()).containsExactly("eu");
        assertThat(store.labelValues(LabelValuesRequest.of("job", 0, MAX_T, Matcher.equal("cluster", "us"))).values())
                .isEmpty();
        assertThat(store.labelValues(LabelValuesRequest.of("instance", 0, MAX_T).withLimit(2)).values())
                .containsExactly("a", "b");
    }

    @Test
    void emptyLabelNameIsRejected() {
        StoreApi store = open(db, EXTERNAL);
        assertThatThrownBy(() -> store.labelValues(LabelValuesRequest.of("", 0, MAX_T)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT))
                .hasMessageContaining("label name parameter cannot be empty");
    }

    // ---- errors

    @Test
    void failureAbortsUnderAbortStrategy() {
        StoreApi store = openPartlyFailing(db, EXTERNAL, new IllegalStateException("disk on fire"));
        assertThatThrownBy(() -> collect(store, all(Matcher.equal("__name__", "up"))
                .withPartialResponseStrategy(PartialResponseStrategy.ABORT)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("disk on fire");
    }

    @Test
    void failureUnderWarnStrategyIsAWarningForFanOutsAndAnErrorOtherwise() {
        StoreApi store = openPartlyFailing(db, EXTERNAL, new IllegalStateException("disk on fire"));
        SeriesRequest request = all(Matcher.equal("__name__", "up"));
        if (failuresBecomeWarnings()) {
            Result r = collect(store, request);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("disk on fire"));
            assertThat(r.labels()).containsExactlyElementsOf(sortedExt(S1, S2, S3));
            LabelQueryResult names = store.labelNames(LabelNamesRequest.of(0, MAX_T));
            assertThat(names.values()).contains("__name__", "job");
            assertThat(names.warnings().messages(Annotation.Severity.WARNING))
                    .anySatisfy(w -> assertThat(w).contains("disk on fire"));
        } else {
            assertThatThrownBy(() -> collect(store, request)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("disk on fire");
            assertThatThrownBy(() -> store.labelNames(LabelNamesRequest.of(0, MAX_T)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("disk on fire");
        }
    }
}
