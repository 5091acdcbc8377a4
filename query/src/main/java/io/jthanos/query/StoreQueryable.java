package io.jthanos.query;

import io.jthanos.storage.Querier;
import io.jthanos.storage.Queryable;
import io.jthanos.store.StoreApi;
import java.util.Objects;

/**
 * A {@link Queryable} over a StoreAPI (usually the {@link io.jthanos.store.proxy.ProxyStore} over all
 * endpoints), so that PromQL runs unchanged on top of it (Thanos's {@code pkg/query/querier.go}).
 * Replicas are deduplicated as {@link QueryOptions} say.
 */
public final class StoreQueryable implements Queryable {
    private final StoreApi store;
    private final ChunkDecoder decoder;
    private final QueryOptions options;

    public StoreQueryable(StoreApi store, ChunkDecoder decoder, QueryOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new StoreQuerier(store, decoder, options, minTime, maxTime);
    }
}
