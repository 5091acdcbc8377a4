package io.jthanos.store.proxy;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.ExternalLabels;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.PartialResponseStrategy;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StoreAPI that fans each request out to many StoreAPIs concurrently and merges their answers (after
 * Thanos's {@code pkg/store/proxy.go}).
 *
 * <p>Series: stores whose time range or external label sets cannot match are skipped; the others stream
 * concurrently into bounded buffers; a k-way merge by labels produces one sorted stream in which series
 * with equal labels from several stores become one, their chunks sorted by time with identical chunks
 * dropped. When no store can match, the answer is empty without a warning (Thanos only logs it). A store that fails, or sends nothing for {@code responseTimeout}, becomes a warning under the
 * {@code WARN} partial-response strategy and fails the request with {@code ABORTED} under {@code ABORT}
 * (where any warning aborts, as in Thanos).
 */
public final class ProxyStore implements StoreApi {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyStore.class);
    private static final int DEFAULT_BUFFER = 64;

    private final Supplier<List<StoreClient>> stores;
    private final Labels selectorLabels;
    private final ComponentType componentType;
    private final Duration responseTimeout;
    private final int bufferSize;

    /**
     * @param stores the current stores; called once per request
     * @param selectorLabels labels this proxy adds to its announced label sets and matches requests against
     * @param componentType what to announce in {@link #info()}
     * @param responseTimeout longest wait for the next response of one store; zero for none
     */
    public ProxyStore(Supplier<List<StoreClient>> stores, Labels selectorLabels, ComponentType componentType,
            Duration responseTimeout) {
        this(stores, selectorLabels, componentType, responseTimeout, DEFAULT_BUFFER);
    }

    /** As above with the number of responses buffered per store. */
    public ProxyStore(Supplier<List<StoreClient>> stores, Labels selectorLabels, ComponentType componentType,
            Duration responseTimeout, int bufferSize) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.selectorLabels = Objects.requireNonNull(selectorLabels, "selectorLabels");
        this.componentType = Objects.requireNonNull(componentType, "componentType");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive, got " + bufferSize);
        }
        this.bufferSize = bufferSize;
    }

    @Override
    public StoreInfo info() {
        List<StoreClient> all = stores.get();
        if (all.isEmpty()) {
            // all time, as Thanos: a receiver without tenants yet must not be pruned by a querier's cached info
            List<Labels> sets = selectorLabels.isEmpty() ? List.of() : List.of(selectorLabels);
            return new StoreInfo(sets, Long.MIN_VALUE, Long.MAX_VALUE, componentType, true);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        LinkedHashSet<Labels> sets = new LinkedHashSet<>();
        LabelsBuilder scratch = new LabelsBuilder();
        for (StoreClient c : all) {
            min = Math.min(min, c.info().minTime());
            max = Math.max(max, c.info().maxTime());
            for (Labels l : c.info().labelSets()) {
                sets.add(ExternalLabels.extend(l, selectorLabels, scratch));
            }
        }
        if (sets.isEmpty() && !selectorLabels.isEmpty()) {
            sets.add(selectorLabels);
        }
        return new StoreInfo(new ArrayList<>(sets), min, max, componentType, true);
    }

    private List<StoreClient> matching(long minTime, long maxTime, List<Matcher> matchers) {
        List<StoreClient> out = new ArrayList<>();
        for (StoreClient c : stores.get()) {
            if (minTime > c.info().maxTime() || maxTime < c.info().minTime()) {
                continue;
            }
            if (!ExternalLabels.labelSetsMatch(matchers, c.info().labelSets())) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    @Override
    public void series(SeriesRequest request, SeriesObserver observer) {
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), selectorLabels);
        if (matchers == null) {
            return;
        }
        if (matchers.isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
                    "no matchers specified (excluding selector labels)");
        }
        boolean abort = request.partialResponseStrategy() == PartialResponseStrategy.ABORT;
        List<StoreClient> targets = matching(request.minTime(), request.maxTime(), matchers);
        if (targets.isEmpty()) {
            // Recent Thanos only logs this at debug level (ErrorNoStoresMatched); it is no warning to the caller.
            LOG.atDebug().addKeyValue("matchers", matchers).log("No StoreAPIs matched for this query");
            return;
        }
        SeriesRequest forwarded = request.withMatchers(matchers);
        List<StoreStream> streams = new ArrayList<>(targets.size());
        try {
            for (StoreClient c : targets) {
                streams.add(StoreStream.start(c, forwarded, bufferSize, responseTimeout));
            }
            merge(streams, request, observer, abort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Code.CANCELLED, "interrupted while merging series", e);
        } finally {
            for (StoreStream s : streams) {
                s.cancel();
            }
        }
    }

    private record Head(StoreStream stream, StoreSeries series) {}

    private static void merge(List<StoreStream> streams, SeriesRequest request, SeriesObserver observer, boolean abort)
            throws InterruptedException {
        PriorityQueue<Head> heap = new PriorityQueue<>(Math.max(1, streams.size()),
                (a, b) -> a.series.labels().compareTo(b.series.labels()));
        for (StoreStream s : streams) {
            StoreSeries first = advance(s, observer, abort);
            if (first != null) {
                heap.add(new Head(s, first));
            }
        }
        ChunkMerger chunks = new ChunkMerger();
        long emitted = 0;
        while (!heap.isEmpty()) {
            Head h = heap.poll();
            Labels labels = h.series.labels();
            chunks.reset();
            chunks.add(h.series.chunks());
            refill(heap, h.stream, observer, abort);
            while (!heap.isEmpty() && heap.peek().series.labels().equals(labels)) {
                Head same = heap.poll();
                chunks.add(same.series.chunks());
                refill(heap, same.stream, observer, abort);
            }
            observer.onSeries(new StoreSeries(labels, chunks.merged()));
            emitted++;
            if (request.limit() > 0 && emitted >= request.limit()) {
                return;
            }
        }
    }

    private static void refill(PriorityQueue<Head> heap, StoreStream s, SeriesObserver observer, boolean abort)
            throws InterruptedException {
        StoreSeries next = advance(s, observer, abort);
        if (next != null) {
            heap.add(new Head(s, next));
        }
    }

    /** The next series of one store, passing its warnings on; {@code null} when it ended or failed. */
    private static StoreSeries advance(StoreStream s, SeriesObserver observer, boolean abort) throws InterruptedException {
        while (true) {
            StoreStream.Item item = s.take();
            if (item == StoreStream.Item.END) {
                return null;
            }
            if (item.warning() != null) {
                if (abort) {
                    throw new StoreException(StoreException.Code.ABORTED, item.warning());
                }
                observer.onWarning(item.warning());
            } else if (item.error() != null) {
                String msg = "receive series from " + s.client().name() + ": " + item.error().getMessage();
                if (abort) {
                    throw new StoreException(StoreException.Code.ABORTED, msg, item.error());
                }
                observer.onWarning(msg);
                return null;
            } else {
                return item.series();
            }
        }
    }

    @Override
    public LabelQueryResult labelNames(LabelNamesRequest request) {
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), selectorLabels);
        if (matchers == null) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        LabelNamesRequest forwarded = new LabelNamesRequest(request.start(), request.end(), matchers,
                request.withoutReplicaLabels(), request.limit(), request.partialResponseStrategy());
        return fanOutLabels(matching(request.start(), request.end(), matchers), request.partialResponseStrategy(),
                request.limit(), "fetch label names from store ", c -> c.api().labelNames(forwarded));
    }

    @Override
    public LabelQueryResult labelValues(LabelValuesRequest request) {
        if (request.label().isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
        }
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), selectorLabels);
        if (matchers == null) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        LabelValuesRequest forwarded = new LabelValuesRequest(request.label(), request.start(), request.end(),
                matchers, request.withoutReplicaLabels(), request.limit(), request.partialResponseStrategy());
        return fanOutLabels(matching(request.start(), request.end(), matchers), request.partialResponseStrategy(),
                request.limit(), "fetch label values from store ", c -> c.api().labelValues(forwarded));
    }

    private LabelQueryResult fanOutLabels(List<StoreClient> targets, PartialResponseStrategy strategy, long limit,
            String errorPrefix, Function<StoreClient, LabelQueryResult> call) {
        TreeSet<String> merged = new TreeSet<>(Labels::compareStrings);
        Annotations warnings = Annotations.EMPTY;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LabelQueryResult>> futures = new ArrayList<>(targets.size());
            for (StoreClient c : targets) {
                futures.add(pool.submit(() -> call.apply(c)));
            }
            long deadline = responseTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + responseTimeout.toNanos();
            for (int i = 0; i < targets.size(); i++) {
                Future<LabelQueryResult> f = futures.get(i);
                try {
                    LabelQueryResult r = deadline == Long.MAX_VALUE ? f.get()
                            : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    merged.addAll(r.values());
                    warnings = warnings.merge(r.warnings());
                } catch (ExecutionException | TimeoutException | CancellationException e) {
                    f.cancel(true);
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    String msg = errorPrefix + targets.get(i).name() + ": " + describe(cause);
                    if (strategy == PartialResponseStrategy.ABORT) {
                        futures.forEach(x -> x.cancel(true));
                        throw new StoreException(StoreException.Code.ABORTED, msg, cause);
                    }
                    warnings = warnings.with(Annotation.warning(msg));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    throw new StoreException(StoreException.Code.CANCELLED, "interrupted while fetching labels", e);
                }
            }
        }
        List<String> values = new ArrayList<>(merged);
        if (limit > 0 && values.size() > limit) {
            values = values.subList(0, (int) limit);
        }
        return new LabelQueryResult(values, warnings);
    }

    private static String describe(Throwable t) {
        if (t instanceof TimeoutException) {
            return "no answer within the response timeout";
        }
        return String.valueOf(t.getMessage());
    }
}
