package io.jthanos.query;

import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.store.StoreApi;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A {@link Queryable} over a StoreAPI (usually the {@link io.jthanos.store.proxy.ProxyStore} over all
 * endpoints), so that PromQL runs unchanged on top of it (Thanos's {@code pkg/query/querier.go}).
 * Replicas are deduplicated as {@link QueryOptions} say. Selects can be read as samples or as chunks.
 *
 * <p>Use one instance per query: like Thanos's select gate, it lets at most {@code maxConcurrentSelects} of
 * its selects (over all its queriers) fan out at once ({@code --query.max-concurrent-select}). A select
 * starts its fan-out at once on a virtual thread, waiting for the gate there, and the caller waits for it
 * on the first {@link io.jthanos.storage.SeriesSet#next()}, so several selects made before reading any
 * run concurrently. Interrupting a caller that waits cancels that select's fan-out, and with it the
 * StoreAPI calls; closing a querier cancels its selects that were never read.
 */
public final class StoreQueryable implements Queryable, ChunkQueryable {
    /** Thanos's default {@code --query.max-concurrent-select}. */
    public static final int DEFAULT_MAX_CONCURRENT_SELECTS = 4;

    private final StoreApi store;
    private final ChunkDecoder decoder;
    private final QueryOptions options;
    private final Semaphore selectGate;
    private final SelectGateMetrics gateMetrics;

    public StoreQueryable(StoreApi store, ChunkDecoder decoder, QueryOptions options) {
        this(store, decoder, options, DEFAULT_MAX_CONCURRENT_SELECTS);
    }

    /** As above with at most {@code maxConcurrentSelects} selects fanning out at once. */
    public StoreQueryable(StoreApi store, ChunkDecoder decoder, QueryOptions options, int maxConcurrentSelects) {
        this(store, decoder, options, maxConcurrentSelects, null);
    }

    /** As above, counting the gate's work in {@code gateMetrics} (shared by all queries), or not when {@code null}. */
    public StoreQueryable(StoreApi store, ChunkDecoder decoder, QueryOptions options, int maxConcurrentSelects,
            SelectGateMetrics gateMetrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.options = Objects.requireNonNull(options, "options");
        if (maxConcurrentSelects < 1) {
            throw new IllegalArgumentException("maxConcurrentSelects must be positive, got " + maxConcurrentSelects);
        }
        this.selectGate = new Semaphore(maxConcurrentSelects, true);
        this.gateMetrics = gateMetrics;
    }

    /** Selects waiting for the gate (for tests). */
    int queuedSelects() {
        return selectGate.getQueueLength();
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new StoreQuerier(store, decoder, options, minTime, maxTime, selectGate, gateMetrics);
    }

    /** The same selects read as chunks (what PromQL prefers); the samples are those of {@link #querier}. */
    @Override
    public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
        return new StoreChunkQuerier(new StoreQuerier(store, decoder, options, minTime, maxTime, selectGate, gateMetrics));
    }
}
