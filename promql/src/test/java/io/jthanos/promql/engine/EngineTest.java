package io.jthanos.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.promql.test.MemoryStorage;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.SeriesSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTest {

    private final MemoryStorage storage = new MemoryStorage();
    private final Engine engine = new Engine(EngineOptions.DEFAULT);

    @BeforeEach
    void load() {
        for (int i = 0; i <= 60; i++) {
            storage.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"), i * 15_000L, i * 10);
            storage.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b"), i * 15_000L, i * 20);
            storage.add(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "c"), i * 15_000L, i * 5);
        }
    }

    private static Instant at(long seconds) {
        return Instant.ofEpochSecond(seconds);
    }

    @Test
    void instantQueryReturnsAVectorSortedByLabels() {
        QueryResult r = engine.instantQuery(storage, "http_requests_total", at(600)).execute();
        Vector v = (Vector) r.value();
        assertThat(v.samples()).extracting(s -> s.labels().get("instance")).containsExactly("a", "b", "c");
        assertThat(v.samples()).extracting(Sample::value).containsExactly(400.0, 800.0, 200.0);
        assertThat(v.samples()).allMatch(s -> s.timestamp() == 600_000);
    }

    @Test
    void instantQueryReturnsScalarsStringsAndMatrices() {
        assertThat(engine.instantQuery(storage, "1 + 2", at(10)).execute().value()).isEqualTo(new Scalar(10_000, 3));
        assertThat(engine.instantQuery(storage, "\"hello\"", at(10)).execute().value()).isEqualTo(new StringValue(10_000, "hello"));
        Matrix m = (Matrix) engine.instantQuery(storage, "http_requests_total{instance=\"a\"}[1m]", at(600)).execute().value();
        assertThat(m.series()).hasSize(1);
        assertThat(m.series().getFirst().timestamps()).containsExactly(555_000L, 570_000L, 585_000L, 600_000L);
    }

    @Test
    void rangeQueryEvaluatesEveryStep() {
        QueryResult r = engine.rangeQuery(storage, "sum by (job) (rate(http_requests_total[1m]))", at(300), at(600),
                Duration.ofMinutes(1)).execute();
        Matrix m = (Matrix) r.value();
        assertThat(m.series()).extracting(s -> s.labels().get("job")).containsExactly("api", "web");
        RangeSeries api = m.series().getFirst();
        assertThat(api.timestamps()).containsExactly(300_000L, 360_000L, 420_000L, 480_000L, 540_000L, 600_000L);
        for (double v : api.values()) {
            assertThat(v).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(r.stats().totalSamples()).isGreaterThan(0);
        assertThat(r.stats().seriesFetched()).isEqualTo(3);
    }

    @Test
    void scalarRangeQueryBecomesOneSeriesWithoutLabels() {
        Matrix m = (Matrix) engine.rangeQuery(storage, "time()", at(0), at(120), Duration.ofMinutes(1)).execute().value();
        assertThat(m.series()).hasSize(1);
        assertThat(m.series().getFirst().labels()).isEqualTo(Labels.empty());
        assertThat(m.series().getFirst().values()).containsExactly(0, 60, 120);
    }

    @Test
    void rangeQueriesRejectRangeVectorsAndStrings() {
        assertThatThrownBy(() -> engine.rangeQuery(storage, "http_requests_total[5m]", at(0), at(60), Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
        assertThatThrownBy(() -> engine.rangeQuery(storage, "\"x\"", at(0), at(60), Duration.ofSeconds(15)))
                .hasMessageContaining("\"string\" for range query");
        assertThatThrownBy(() -> engine.rangeQuery(storage, "up", at(0), at(60), Duration.ZERO))
                .hasMessage("zero or negative query resolution step widths are not accepted");
    }

    @Test
    void parseErrorsSurfaceAsParseException() {
        assertThatThrownBy(() -> engine.instantQuery(storage, "sum(", at(0)))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith("1:5: parse error:");
    }

    @Test
    void experimentalFunctionsFollowTheEngineOptions() {
        assertThatThrownBy(() -> engine.instantQuery(storage, "mad_over_time(http_requests_total[1m])", at(600)))
                .hasMessageContaining("is not enabled");
        Engine experimental = new Engine(EngineOptions.DEFAULT.withParserOptions(ParserOptions.fromFeatures(
                java.util.List.of("promql-experimental-functions"))));
        Vector v = (Vector) experimental.instantQuery(storage, "mad_over_time(http_requests_total[1m])", at(600))
                .execute().value();
        assertThat(v.samples()).hasSize(3);
    }

    @Test
    void selectReceivesHintsFromTheEnclosingFunctionAndAggregation() {
        engine.rangeQuery(storage, "sum by (job) (rate(http_requests_total{job=\"api\"}[5m] offset 1m))", at(600), at(900),
                Duration.ofSeconds(30)).execute();
        SelectHints h = storage.selects().getLast();
        assertThat(h.func()).isEqualTo("rate");
        assertThat(h.range()).isEqualTo(300_000);
        assertThat(h.step()).isEqualTo(30_000);
        assertThat(h.grouping()).containsExactly("job");
        assertThat(h.by()).isTrue();
        // The window of the first step starts after 600s - 60s - 300s; the last ends at 900s - 60s.
        assertThat(h.start()).isEqualTo(240_001);
        assertThat(h.end()).isEqualTo(840_000);
    }

    @Test
    void lookbackDeltaIsConfigurable() {
        Engine shortLookback = new Engine(EngineOptions.DEFAULT.withLookbackDelta(Duration.ofSeconds(10)));
        // Last sample at 900s: visible at 909s, not at 910s (left-open window).
        assertThat(((Vector) shortLookback.instantQuery(storage, "http_requests_total", at(909)).execute().value()).samples())
                .hasSize(3);
        assertThat(((Vector) shortLookback.instantQuery(storage, "http_requests_total", at(910)).execute().value()).samples())
                .isEmpty();
        assertThat(((Vector) engine.instantQuery(storage, "http_requests_total", at(1199)).execute().value()).samples())
                .hasSize(3);
    }

    @Test
    void exceedingTheSampleLimitFails() {
        Engine limited = new Engine(EngineOptions.DEFAULT.withMaxSamples(100));
        assertThatThrownBy(() -> limited.rangeQuery(storage, "http_requests_total", at(0), at(900), Duration.ofSeconds(15)).execute())
                .isInstanceOf(QueryException.TooManySamples.class)
                .hasMessage("query processing would load too many samples into memory in query execution");
        // The same query fits a larger limit.
        Engine enough = new Engine(EngineOptions.DEFAULT.withMaxSamples(1000));
        assertThat(enough.rangeQuery(storage, "http_requests_total", at(0), at(900), Duration.ofSeconds(15)).execute()
                .stats().peakSamples()).isBetween(183L, 1000L);
    }

    @Test
    void expiredTimeoutFails() {
        Engine expired = new Engine(EngineOptions.DEFAULT.withTimeout(Duration.ofNanos(-1)));
        assertThatThrownBy(() -> expired.instantQuery(storage, "http_requests_total", at(600)).execute())
                .isInstanceOf(QueryException.Timeout.class)
                .hasMessageStartingWith("query timed out in ");
    }

    @Test
    void cancellationStopsARunningQuery() {
        AtomicReference<Query> running = new AtomicReference<>();
        Queryable cancelling = (min, max) -> {
            Querier inner = storage.querier(min, max);
            return new Querier() {
                @Override
                public SeriesSet select(boolean sort, SelectHints hints, Matcher... matchers) {
                    running.get().cancel();
                    return inner.select(sort, hints, matchers);
                }

                @Override
                public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
                    return inner.labelValues(name, hints, matchers);
                }

                @Override
                public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
                    return inner.labelNames(hints, matchers);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        };
        Query q = engine.rangeQuery(cancelling, "sum(http_requests_total) + sum(http_requests_total)", at(0), at(900),
                Duration.ofSeconds(15));
        running.set(q);
        assertThatThrownBy(q::execute).isInstanceOf(QueryException.Canceled.class)
                .hasMessage("query was canceled in expression evaluation");
    }

    @Test
    void interruptingTheThreadThatRunsTheQueryCancelsIt() {
        Query q = engine.rangeQuery(storage, "sum(http_requests_total)", at(0), at(900), Duration.ofSeconds(15));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(q::execute).isInstanceOf(QueryException.Canceled.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt stays set").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void cancelBeforeExecuteFails() {
        Query q = engine.instantQuery(storage, "up", at(0));
        q.cancel();
        assertThatThrownBy(q::execute).isInstanceOf(QueryException.Canceled.class);
    }

    @Test
    void annotationsAreReturnedAsValues() {
        storage.add(Labels.of("__name__", "temperature"), 0, 1);
        storage.add(Labels.of("__name__", "temperature"), 15_000, 2);
        QueryResult r = engine.instantQuery(storage, "rate(temperature[1m])", at(30)).execute();
        assertThat(r.annotations().messages(Annotation.Severity.INFO)).containsExactly(
                "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\" (1:6)");
        assertThat(r.annotations().messages(Annotation.Severity.WARNING)).isEmpty();
    }

    @Test
    void manyToManyMatchingIsAnError() {
        assertThatThrownBy(() -> engine.instantQuery(storage,
                "http_requests_total + on(job) http_requests_total", at(600)).execute())
                .isInstanceOf(QueryException.Evaluation.class)
                .hasMessageStartingWith("found duplicate series for the match group {job=\"api\"} on the right hand-side of the operation")
                .hasMessageEndingWith(";many-to-many matching not allowed: matching labels must be unique on one side");
    }

    @Test
    void nativeHistogramsFailClearly() {
        Queryable histograms = (min, max) -> new Querier() {
            @Override
            public SeriesSet select(boolean sort, SelectHints hints, Matcher... matchers) {
                io.jthanos.storage.Series s = new io.jthanos.storage.Series() {
                    @Override
                    public Labels labels() {
                        return Labels.of("__name__", "h");
                    }

                    @Override
                    public io.jthanos.tsdb.chunkenc.SampleIterator iterator(io.jthanos.tsdb.chunkenc.SampleIterator reuse) {
                        return new io.jthanos.tsdb.chunkenc.SampleIterator() {
                            @Override
                            public io.jthanos.tsdb.chunkenc.ValueType next() {
                                return io.jthanos.tsdb.chunkenc.ValueType.HISTOGRAM;
                            }

                            @Override
                            public io.jthanos.tsdb.chunkenc.ValueType seek(long t) {
                                return io.jthanos.tsdb.chunkenc.ValueType.HISTOGRAM;
                            }

                            @Override
                            public long atT() {
                                return 0;
                            }

                            @Override
                            public double atF() {
                                return 0;
                            }
                        };
                    }
                };
                return new SeriesSet() {
                    private boolean done;

                    @Override
                    public boolean next() {
                        boolean n = !done;
                        done = true;
                        return n;
                    }

                    @Override
                    public io.jthanos.storage.Series at() {
                        return s;
                    }

                    @Override
                    public io.jthanos.storage.Annotations warnings() {
                        return io.jthanos.storage.Annotations.EMPTY;
                    }
                };
            }

            @Override
            public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
                return new LabelQueryResult(java.util.List.of(), io.jthanos.storage.Annotations.EMPTY);
            }

            @Override
            public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
                return new LabelQueryResult(java.util.List.of(), io.jthanos.storage.Annotations.EMPTY);
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> engine.instantQuery(histograms, "h", at(10)).execute())
                .isInstanceOf(QueryException.Evaluation.class)
                .hasMessageContaining("native histograms are not supported");
    }
}
