package io.jthanos.store;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.SelectHints;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The StoreAPI over any local {@link ChunkQueryable} (head, blocks), with external labels attached to
 * every series (after Thanos's {@code pkg/store/tsdb.go} {@code TSDBStore}).
 *
 * <p>Series are streamed in label order with the external labels merged in; when merging external
 * labels or dropping replica labels could change that order, the series handles are collected and
 * re-sorted first (chunks are still read lazily, one series at a time). Chunk bytes are passed on as the
 * storage holds them.
 */
public final class TsdbStore implements StoreApi {
    private final ChunkQueryable db;
    private final Labels externalLabels;
    private final ComponentType componentType;
    private final LongSupplier minTime;
    private final LongSupplier maxTime;

    /**
     * @param db the data
     * @param externalLabels labels attached to every series
     * @param componentType what to announce in {@link #info()}
     * @param minTime the earliest timestamp currently held
     * @param maxTime the latest timestamp that may be held ({@code Long.MAX_VALUE} for a live head)
     */
    public TsdbStore(ChunkQueryable db, Labels externalLabels, ComponentType componentType, LongSupplier minTime,
            LongSupplier maxTime) {
        this.db = Objects.requireNonNull(db, "db");
        this.externalLabels = Objects.requireNonNull(externalLabels, "externalLabels");
        this.componentType = Objects.requireNonNull(componentType, "componentType");
        this.minTime = Objects.requireNonNull(minTime, "minTime");
        this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
    }

    @Override
    public StoreInfo info() {
        List<Labels> sets = externalLabels.isEmpty() ? List.of() : List.of(externalLabels);
        return new StoreInfo(sets, minTime.getAsLong(), maxTime.getAsLong(), componentType, true);
    }

    @Override
    public void series(SeriesRequest request, SeriesObserver observer) {
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), externalLabels);
        if (matchers == null) {
            return;
        }
        if (matchers.isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
                    "no matchers specified (excluding external labels)");
        }
        Set<String> drop = Set.copyOf(request.withoutReplicaLabels());
        Labels external = externalLabels.without(drop);
        SelectHints hints = new SelectHints(request.minTime(), request.maxTime(), request.hints().stepMillis(),
                request.hints().func(), request.hints().rangeMillis(), request.hints().grouping(),
                request.hints().groupingBy(), false);
        Matcher[] ms = matchers.toArray(new Matcher[0]);
        try (ChunkQuerier q = db.chunkQuerier(request.minTime(), request.maxTime())) {
            ChunkSeriesSet set = q.select(true, hints, ms);
            // The label names of the selected series cost a second pass over them: ask only when a replica
            // label exists at all (usually it is an external label, absent from the series).
            boolean dropsSeriesLabels = !drop.isEmpty() && anyIn(q.labelNames(LabelHints.NONE).values(), drop)
                    && anyIn(q.labelNames(LabelHints.NONE, ms).values(), drop);
            Emitter emitter = new Emitter(request, observer);
            LabelsBuilder scratch = new LabelsBuilder();
            if (external.isEmpty() && !dropsSeriesLabels) {
                while (set.next() && !emitter.full()) {
                    ChunkSeries s = set.at();
                    emitter.emit(s.labels(), s);
                }
            } else {
                // Adding external labels or removing replica labels may reorder series: sort handles first.
                List<Handle> handles = new ArrayList<>();
                while (set.next()) {
                    ChunkSeries s = set.at();
                    Labels l = dropsSeriesLabels ? s.labels().without(drop) : s.labels();
                    handles.add(new Handle(ExternalLabels.extend(l, external, scratch), s));
                }
                Handle[] sorted = handles.toArray(new Handle[0]);
                Arrays.sort(sorted, (a, b) -> a.labels.compareTo(b.labels));
                for (int i = 0; i < sorted.length && !emitter.full(); i++) {
                    emitter.emit(sorted[i].labels, sorted[i].series);
                }
            }
            emitter.flush();
            for (Annotation a : set.warnings().all()) {
                observer.onWarning(a.message());
            }
        }
    }

    private static boolean anyIn(List<String> names, Set<String> wanted) {
        for (String n : names) {
            if (wanted.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private record Handle(Labels labels, ChunkSeries series) {}

    /**
     * Emits series, merging consecutive ones with equal labels (dropping replica labels can make
     * several storage series one), honouring {@code limit} and {@code skip_chunks}.
     */
    private static final class Emitter {
        private final SeriesRequest request;
        private final SeriesObserver observer;
        private Labels pendingLabels;
        private final List<StoreChunk> pendingChunks = new ArrayList<>();
        private long emitted;

        Emitter(SeriesRequest request, SeriesObserver observer) {
            this.request = request;
            this.observer = observer;
        }

        boolean full() {
            return request.limit() > 0 && emitted >= request.limit();
        }

        void emit(Labels labels, ChunkSeries series) {
            if (pendingLabels != null && !pendingLabels.equals(labels)) {
                flush();
                if (full()) {
                    return;
                }
            }
            pendingLabels = labels;
            if (request.skipChunks()) {
                return;
            }
            ChunkIterator it = series.chunks();
            while (it.next()) {
                ChunkMeta m = it.at();
                if (m.maxTime() < request.minTime() || m.minTime() > request.maxTime()) {
                    continue;
                }
                pendingChunks.add(toStoreChunk(m));
            }
        }

        void flush() {
            if (pendingLabels == null) {
                return;
            }
            if (!full()) {
                if (!sortedByTime(pendingChunks)) {
                    pendingChunks.sort(StoreChunk::compareByTime);
                }
                observer.onSeries(new StoreSeries(pendingLabels, pendingChunks));
                emitted++;
            }
            pendingLabels = null;
            pendingChunks.clear();
        }
    }

    /** Usually true (one series' chunks come in order), and cheaper to check than to sort. */
    private static boolean sortedByTime(List<StoreChunk> chunks) {
        for (int i = 1; i < chunks.size(); i++) {
            if (StoreChunk.compareByTime(chunks.get(i - 1), chunks.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    static StoreChunk toStoreChunk(ChunkMeta m) {
        Chunk c = m.chunk();
        Encoding e = c.encoding();
        if (e != Encoding.XOR && e != Encoding.HISTOGRAM && e != Encoding.FLOAT_HISTOGRAM) {
            throw new StoreException(StoreException.Code.INTERNAL, "chunk encoding " + e + " cannot be sent over the StoreAPI");
        }
        return new StoreChunk(m.minTime(), m.maxTime(), e, c.bytes());
    }

    @Override
    public LabelQueryResult labelNames(LabelNamesRequest request) {
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), externalLabels);
        if (matchers == null) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        try (ChunkQuerier q = db.chunkQuerier(request.start(), request.end())) {
            LabelQueryResult r = q.labelNames(LabelHints.NONE, matchers.toArray(new Matcher[0]));
            TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
            names.addAll(r.values());
            if (!names.isEmpty()) {
                names.addAll(externalLabels.names());
            }
            names.removeAll(new HashSet<>(request.withoutReplicaLabels()));
            return new LabelQueryResult(limit(new ArrayList<>(names), request.limit()), r.warnings());
        }
    }

    @Override
    public LabelQueryResult labelValues(LabelValuesRequest request) {
        if (request.label().isEmpty()) {
            throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
        }
        List<Matcher> matchers = ExternalLabels.matchAndStrip(request.matchers(), externalLabels);
        if (matchers == null) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        String external = externalLabels.get(request.label());
        if (external != null) {
            return new LabelQueryResult(List.of(external), Annotations.EMPTY);
        }
        try (ChunkQuerier q = db.chunkQuerier(request.start(), request.end())) {
            LabelQueryResult r = q.labelValues(request.label(), LabelHints.NONE, matchers.toArray(new Matcher[0]));
            return new LabelQueryResult(limit(r.values(), request.limit()), r.warnings());
        }
    }

    static List<String> limit(List<String> values, long limit) {
        return limit > 0 && values.size() > limit ? values.subList(0, (int) limit) : values;
    }
}
