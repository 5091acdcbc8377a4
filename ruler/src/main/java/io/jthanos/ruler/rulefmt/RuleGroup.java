package io.jthanos.ruler.rulefmt;

import io.jthanos.store.PartialResponseStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A group of rules evaluated in order at one interval.
 *
 * @param name unique within its file
 * @param interval the evaluation interval, {@link Duration#ZERO} for the global default
 * @param queryOffset how far in the past to evaluate, or null for the global default
 * @param limit the maximum number of series a rule may produce (alerts for alerting rules), 0 for no limit
 * @param rules in evaluation order
 * @param labels labels added to every rule's output (rule labels win)
 * @param partialResponseStrategy Thanos's per-group {@code partial_response_strategy}, {@code ABORT} by default
 */
public record RuleGroup(String name, Duration interval, Duration queryOffset, int limit, List<Rule> rules,
        Map<String, String> labels, PartialResponseStrategy partialResponseStrategy) {
}
