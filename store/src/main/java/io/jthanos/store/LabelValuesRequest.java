package io.jthanos.store;

import io.jthanos.model.Matcher;
import java.util.List;
import java.util.Objects;

/**
 * A request for the values of one label ({@code storepb.LabelValuesRequest}).
 *
 * @param label the label name; must not be empty
 * @param start start of the range (inclusive, milliseconds)
 * @param end end of the range (inclusive, milliseconds)
 * @param matchers restrict to series matching all of them; none means all series
 * @param withoutReplicaLabels replica labels of the querier (values of such a label are still answered)
 * @param limit the maximum number of values, 0 for no limit
 * @param partialResponseStrategy what a fan-out does when some stores fail
 */
public record LabelValuesRequest(String label, long start, long end, List<Matcher> matchers,
        List<String> withoutReplicaLabels, long limit, PartialResponseStrategy partialResponseStrategy) {
    public LabelValuesRequest {
        Objects.requireNonNull(label, "label");
        matchers = List.copyOf(matchers);
        withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
        partialResponseStrategy = Objects.requireNonNullElse(partialResponseStrategy, PartialResponseStrategy.WARN);
    }

    public static LabelValuesRequest of(String label, long start, long end, Matcher... matchers) {
        return new LabelValuesRequest(label, start, end, List.of(matchers), List.of(), 0, PartialResponseStrategy.WARN);
    }

    public LabelValuesRequest withLimit(long l) {
        return new LabelValuesRequest(label, start, end, matchers, withoutReplicaLabels, l, partialResponseStrategy);
    }

    public LabelValuesRequest withPartialResponseStrategy(PartialResponseStrategy s) {
        return new LabelValuesRequest(label, start, end, matchers, withoutReplicaLabels, limit, s);
    }
}
