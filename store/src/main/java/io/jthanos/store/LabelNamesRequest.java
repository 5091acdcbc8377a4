package io.jthanos.store;

import io.jthanos.model.Matcher;
import java.util.List;
import java.util.Objects;

/**
 * A request for label names ({@code storepb.LabelNamesRequest}).
 *
 * @param start start of the range (inclusive, milliseconds)
 * @param end end of the range (inclusive, milliseconds)
 * @param matchers restrict to series matching all of them; none means all series
 * @param withoutReplicaLabels names to leave out of the answer
 * @param limit the maximum number of names, 0 for no limit
 * @param partialResponseStrategy what a fan-out does when some stores fail
 */
public record LabelNamesRequest(long start, long end, List<Matcher> matchers, List<String> withoutReplicaLabels,
        long limit, PartialResponseStrategy partialResponseStrategy) {
    public LabelNamesRequest {
        matchers = List.copyOf(matchers);
        withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
        partialResponseStrategy = Objects.requireNonNullElse(partialResponseStrategy, PartialResponseStrategy.WARN);
    }

    public static LabelNamesRequest of(long start, long end, Matcher... matchers) {
        return new LabelNamesRequest(start, end, List.of(matchers), List.of(), 0, PartialResponseStrategy.WARN);
    }

    public LabelNamesRequest withLimit(long l) {
        return new LabelNamesRequest(start, end, matchers, withoutReplicaLabels, l, partialResponseStrategy);
    }

    public LabelNamesRequest withWithoutReplicaLabels(List<String> labels) {
        return new LabelNamesRequest(start, end, matchers, labels, limit, partialResponseStrategy);
    }

    public LabelNamesRequest withPartialResponseStrategy(PartialResponseStrategy s) {
        return new LabelNamesRequest(start, end, matchers, withoutReplicaLabels, limit, s);
    }
}
