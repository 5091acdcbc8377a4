package io.jthanos.query;

import io.jthanos.store.PartialResponseStrategy;
import java.util.List;
import java.util.Objects;

/**
 * Per-query settings of a {@link StoreQueryable}: the querier flags and the HTTP parameters
 * {@code dedup}, {@code replicaLabels[]}, {@code partial_response}, {@code max_source_resolution}.
 *
 * @param deduplicate whether to merge replicas (HTTP {@code dedup}, default true)
 * @param replicaLabels labels that tell replicas apart ({@code --query.replica-label}, {@code replicaLabels[]})
 * @param dedupFunction how to merge replicas ({@code --deduplication.func})
 * @param partialResponse whether failing stores become warnings instead of errors
 * @param maxResolutionWindow coarsest downsampling resolution acceptable, 0 for raw data
 */
public record QueryOptions(boolean deduplicate, List<String> replicaLabels, DedupFunction dedupFunction,
        boolean partialResponse, long maxResolutionWindow) {
    public QueryOptions {
        replicaLabels = List.copyOf(replicaLabels);
        Objects.requireNonNull(dedupFunction, "dedupFunction");
    }

    /** Thanos's defaults: dedup on (effective only with replica labels), penalty, partial response on. */
    public static QueryOptions defaults(List<String> replicaLabels) {
        return new QueryOptions(true, replicaLabels, DedupFunction.PENALTY, true, 0);
    }

    /** Whether replicas are merged: dedup is on and there are replica labels. */
    public boolean dedupEnabled() {
        return deduplicate && !replicaLabels.isEmpty();
    }

    PartialResponseStrategy strategy() {
        return partialResponse ? PartialResponseStrategy.WARN : PartialResponseStrategy.ABORT;
    }
}
