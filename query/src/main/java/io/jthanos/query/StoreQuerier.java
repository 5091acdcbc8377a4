package io.jthanos.query;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.query.dedup.PenaltyDedupIterator;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.SeriesSet;
import io.jthanos.storage.StorageException;
import io.jthanos.store.Aggregation;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.QueryHints;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/** A {@link Querier} over a StoreAPI for one time range; see {@link StoreQueryable}. */
final class StoreQuerier implements Querier {
    private final StoreApi store;
    private final ChunkDecoder decoder;
    private final QueryOptions options;
    private final long minTime;
    private final long maxTime;
    private final Semaphore selectGate;
    private final SelectGateMetrics gateMetrics;
    private final List<PendingSelect> selects = new ArrayList<>();

    StoreQuerier(StoreApi store, ChunkDecoder decoder, QueryOptions options, long minTime, long maxTime,
            Semaphore selectGate, SelectGateMetrics gateMetrics) {
        this.store = store;
        this.decoder = decoder;
        this.options = options;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.selectGate = selectGate;
        this.gateMetrics = gateMetrics;
    }

    /** The downsampled aggregates a function needs (Thanos's {@code aggrsFromFunc}). */
    static List<Aggregation> aggregatesFor(String f) {
        if (f == null) {
            return List.of(Aggregation.COUNT, Aggregation.SUM);
        }
        if (f.equals("min") || f.startsWith("min_")) {
            return List.of(Aggregation.MIN);
        }
        if (f.equals("max") || f.startsWith("max_")) {
            return List.of(Aggregation.MAX);
        }
        if (f.equals("count") || f.startsWith("count_")) {
            return List.of(Aggregation.COUNT);
        }
        if (f.startsWith("sum_")) {
            return List.of(Aggregation.SUM);
        }
        if (PenaltyDedupIterator.isCounterFunction(f)) {
            return List.of(Aggregation.COUNTER);
        }
        return List.of(Aggregation.COUNT, Aggregation.SUM);
    }

    /** Starts the fan-out behind the select gate; see {@link StoreQueryable}. */
    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        PendingSelect pending = new PendingSelect(() -> {
            enterGate();
            try {
                return fetch(hints, matchers);
            } finally {
                if (gateMetrics != null) {
                    gateMetrics.left();
                }
                selectGate.release();
            }
        });
        synchronized (selects) {
            selects.add(pending);
        }
        Thread.ofVirtual().name("select").start(Context.current().wrap(pending));
        return pending;
    }

    private void enterGate() throws InterruptedException {
        if (gateMetrics == null) {
            selectGate.acquire();
            return;
        }
        gateMetrics.arrived();
        long start = System.nanoTime();
        try {
            selectGate.acquire();
        } finally {
            gateMetrics.waited(System.nanoTime() - start);
        }
        gateMetrics.entered();
    }

    private SeriesSet fetch(SelectHints hints, Matcher... matchers) {
        SelectHints h = hints != null ? hints : SelectHints.range(minTime, maxTime);
        boolean dedup = options.dedupEnabled();
        // Thanos asks stores for labels only when the series API selects ("series" hint).
        boolean skipChunks = "series".equals(h.func());
        SeriesRequest request = new SeriesRequest(h.start(), h.end(), List.of(matchers), skipChunks,
                dedup ? options.replicaLabels() : List.of(), 0, options.strategy(),
                new QueryHints(h.step(), h.func(), h.range(), h.by(), h.grouping()),
                options.maxResolutionWindow(), aggregatesFor(h.func()));
        // Raw requests get raw chunks only; downsampled ones may mix raw and aggregate chunks.
        ChunkDecoder chunks = options.maxResolutionWindow() > 0
                ? DownsampledChunkDecoder.of(decoder, request.aggregates())
                : decoder;
        List<StoreSeries> series = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
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
        } catch (StoreException e) {
            return SeriesSet.failed(new StorageException("proxy Series(): " + e.getMessage(), e));
        }
        Annotations annotations = Annotations.EMPTY;
        for (String w : warnings) {
            annotations = annotations.with(Annotation.warning(w));
        }
        List<StoreSeries> sorted = dedup ? withoutReplicaLabels(series, options.replicaLabels()) : series;
        return new StoreSeriesSet(sorted, annotations, dedup ? options.dedupFunction() : null,
                PenaltyDedupIterator.isCounterFunction(h.func()), chunks, minTime, maxTime);
    }

    /**
     * Stores honour {@code without_replica_labels}; a store that did not would leave replica labels in, so
     * they are removed here too and the series re-sorted (a no-op when they are absent).
     */
    private static List<StoreSeries> withoutReplicaLabels(List<StoreSeries> series, List<String> replicaLabels) {
        boolean found = false;
        for (StoreSeries s : series) {
            for (String r : replicaLabels) {
                if (s.labels().has(r)) {
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            return series;
        }
        List<StoreSeries> out = new ArrayList<>(series.size());
        for (StoreSeries s : series) {
            Labels l = s.labels().without(replicaLabels);
            out.add(new StoreSeries(l, s.chunks()));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        LabelHints lh = hints == null ? LabelHints.NONE : hints;
        try {
            return store.labelValues(new LabelValuesRequest(name, minTime, maxTime, List.of(matchers),
                    options.dedupEnabled() ? options.replicaLabels() : List.of(), lh.limit(), options.strategy()));
        } catch (StoreException e) {
            throw new StorageException("proxy LabelValues(): " + e.getMessage(), e);
        }
    }

    @Override
    public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
        LabelHints lh = hints == null ? LabelHints.NONE : hints;
        try {
            return store.labelNames(new LabelNamesRequest(minTime, maxTime, List.of(matchers),
                    options.dedupEnabled() ? options.replicaLabels() : List.of(), lh.limit(), options.strategy()));
        } catch (StoreException e) {
            throw new StorageException("proxy LabelNames(): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (selects) {
            for (PendingSelect p : selects) {
                p.cancel(true);
            }
            selects.clear();
        }
    }
}
