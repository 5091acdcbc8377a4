package io.jthanos.store;

import io.jthanos.storage.LabelQueryResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A {@link StoreApi} whose {@code Series} calls fail once they have sent more series, or more samples, than the
 * limits allow ({@code --store.limits.request-series} and {@code --store.limits.request-samples} of Thanos's
 * receiver and ruler, its {@code limitedStoreServer}). Samples are counted as 120 per chunk, Thanos's
 * {@code MaxSamplesPerChunk}, so a request can fail before it holds that many samples. A failed call counts in
 * {@code thanos_store_selects_dropped_total} by reason ({@code series} or {@code chunks}).
 */
public final class LimitedStoreApi implements StoreApi {
    /** The limits of one Series call; 0 means none. */
    public record Limits(long seriesPerRequest, long samplesPerRequest) {
        public static final Limits NONE = new Limits(0, 0);

        boolean none() {
            return seriesPerRequest <= 0 && samplesPerRequest <= 0;
        }
    }

    private static final int SAMPLES_PER_CHUNK = 120;

    private final StoreApi store;
    private final Limits limits;
    private final Counter droppedForSeries;
    private final Counter droppedForChunks;

    private LimitedStoreApi(StoreApi store, Limits limits, MeterRegistry registry) {
        this.store = store;
        this.limits = limits;
        this.droppedForSeries = dropped(registry, "series");
        this.droppedForChunks = dropped(registry, "chunks");
    }

    /** {@code store} itself when there are no limits. */
    public static StoreApi wrap(StoreApi store, Limits limits, MeterRegistry registry) {
        return limits.none() ? store : new LimitedStoreApi(store, limits, registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("thanos_store_selects_dropped")
                .description("Number of select queries that were dropped due to configured limits.")
                .tag("reason", reason).register(registry);
    }

    @Override
    public StoreInfo info() {
        return store.info();
    }

    @Override
    public void series(SeriesRequest request, SeriesObserver observer) {
        store.series(request, new SeriesObserver() {
            private long series;
            private long samples;

            @Override
            public void onSeries(StoreSeries s) {
                series++;
                if (limits.seriesPerRequest() > 0 && series > limits.seriesPerRequest()) {
                    droppedForSeries.increment();
                    throw violated("series", limits.seriesPerRequest(), series);
                }
                samples += (long) s.chunks().size() * SAMPLES_PER_CHUNK;
                if (limits.samplesPerRequest() > 0 && samples > limits.samplesPerRequest()) {
                    droppedForChunks.increment();
                    throw violated("samples", limits.samplesPerRequest(), samples);
                }
                observer.onSeries(s);
            }

            @Override
            public void onWarning(String warning) {
                observer.onWarning(warning);
            }
        });
    }

    private static StoreException violated(String what, long limit, long got) {
        return new StoreException(StoreException.Code.RESOURCE_EXHAUSTED,
                "failed to send " + what + ": limit " + limit + " violated (got " + got + ")");
    }

    @Override
    public LabelQueryResult labelNames(LabelNamesRequest request) {
        return store.labelNames(request);
    }

    @Override
    public LabelQueryResult labelValues(LabelValuesRequest request) {
        return store.labelValues(request);
    }
}
