package io.jthanos.store;

import io.jthanos.model.Matcher;
import java.util.List;
import java.util.Objects;

/**
 * A request for series ({@code storepb.SeriesRequest}).
 *
 * @param minTime start of the range (inclusive, milliseconds)
 * @param maxTime end of the range (inclusive, milliseconds)
 * @param matchers label matchers, all of which a series must satisfy; external labels included
 * @param skipChunks whether to return labels only
 * @param withoutReplicaLabels labels to drop from every series (replica labels for deduplication)
 * @param limit the maximum number of series to return, 0 for no limit
 * @param partialResponseStrategy what a fan-out does when some stores fail
 * @param hints what the series are for
 * @param maxResolutionWindow the coarsest downsampling resolution acceptable, 0 for raw data
 * @param aggregates aggregates of downsampled data wanted
 */
public record SeriesRequest(long minTime, long maxTime, List<Matcher> matchers, boolean skipChunks,
        List<String> withoutReplicaLabels, long limit, PartialResponseStrategy partialResponseStrategy,
        QueryHints hints, long maxResolutionWindow, List<Aggregation> aggregates) {
    public SeriesRequest {
        matchers = List.copyOf(matchers);
        withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
        partialResponseStrategy = Objects.requireNonNullElse(partialResponseStrategy, PartialResponseStrategy.WARN);
        hints = Objects.requireNonNullElse(hints, QueryHints.NONE);
        aggregates = List.copyOf(aggregates);
    }

    /** A plain request for raw series over {@code [minTime, maxTime]}. */
    public static SeriesRequest of(long minTime, long maxTime, Matcher... matchers) {
        return new SeriesRequest(minTime, maxTime, List.of(matchers), false, List.of(), 0,
                PartialResponseStrategy.WARN, QueryHints.NONE, 0, List.of());
    }

    public SeriesRequest withMatchers(List<Matcher> m) {
        return new SeriesRequest(minTime, maxTime, m, skipChunks, withoutReplicaLabels, limit, partialResponseStrategy,
                hints, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withSkipChunks(boolean skip) {
        return new SeriesRequest(minTime, maxTime, matchers, skip, withoutReplicaLabels, limit, partialResponseStrategy,
                hints, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withWithoutReplicaLabels(List<String> labels) {
        return new SeriesRequest(minTime, maxTime, matchers, skipChunks, labels, limit, partialResponseStrategy,
                hints, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withLimit(long l) {
        return new SeriesRequest(minTime, maxTime, matchers, skipChunks, withoutReplicaLabels, l, partialResponseStrategy,
                hints, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withPartialResponseStrategy(PartialResponseStrategy s) {
        return new SeriesRequest(minTime, maxTime, matchers, skipChunks, withoutReplicaLabels, limit, s,
                hints, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withHints(QueryHints h) {
        return new SeriesRequest(minTime, maxTime, matchers, skipChunks, withoutReplicaLabels, limit, partialResponseStrategy,
                h, maxResolutionWindow, aggregates);
    }

    public SeriesRequest withDownsampling(long resolutionWindow, List<Aggregation> aggrs) {
        return new SeriesRequest(minTime, maxTime, matchers, skipChunks, withoutReplicaLabels, limit, partialResponseStrategy,
                hints, resolutionWindow, aggrs);
    }
}
