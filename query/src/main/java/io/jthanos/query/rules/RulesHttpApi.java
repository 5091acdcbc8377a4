package io.jthanos.query.rules;

import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.storepb.PartialResponseStrategy;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/rules} and {@code GET /api/v1/alerts} over a {@link RulesSource}, as the Thanos querier and
 * ruler serve them: the {@code type} ({@code alert}, {@code record} or Thanos's {@code all}, any case), {@code rule_name[]}, {@code rule_group[]},
 * {@code file[]} and {@code match[]} parameters go to the source, and the answer is merged and deduplicated by
 * the replica labels ({@link RulesDedup}) before it is written in Prometheus's JSON format ({@link RulesJson}).
 */
public final class RulesHttpApi {
    /** A response: HTTP status and JSON body. */
    public record Response(int status, byte[] body) {}

    private final RulesSource rules;
    private final RulesSource alerts;
    private final List<String> replicaLabels;
    private final PartialResponseStrategy strategy;

    /**
     * @param rules where rules come from
     * @param alerts where alerts come from (the Thanos ruler answers them without its external labels)
     * @param replicaLabels labels that tell replicas of one rule apart ({@code --query.replica-label})
     * @param partialResponse whether a failing source is a warning (true) or fails the request
     */
    public RulesHttpApi(RulesSource rules, RulesSource alerts, List<String> replicaLabels, boolean partialResponse) {
        this.rules = rules;
        this.alerts = alerts;
        this.replicaLabels = List.copyOf(replicaLabels);
        this.strategy = partialResponse ? PartialResponseStrategy.WARN : PartialResponseStrategy.ABORT;
    }

    /** The rules response for the query parameters {@code params} (each with all its values). */
    public Response rules(Map<String, List<String>> params) {
        RulesRequest.Builder request = RulesRequest.newBuilder().setPartialResponseStrategy(strategy)
                .addAllMatcherString(all(params, "match[]")).addAllRuleName(all(params, "rule_name[]"))
                .addAllRuleGroup(all(params, "rule_group[]")).addAllFile(all(params, "file[]"));
        List<String> type = all(params, "type");
        if (!type.isEmpty() && !type.getFirst().isEmpty()) {
            switch (type.getFirst().toLowerCase(Locale.ROOT)) {
                case "all" -> request.setType(RulesRequest.Type.ALL);
                case "alert" -> request.setType(RulesRequest.Type.ALERT);
                case "record" -> request.setType(RulesRequest.Type.RECORD);
                default -> {
                    return new Response(400, RulesJson.error("bad_data", "invalid rules parameter type='" + type.getFirst() + "'"));
                }
            }
        }
        try {
            RulesFilter.of(request.build());
        } catch (IllegalArgumentException e) {
            return new Response(400, RulesJson.error("bad_data", "invalid parameter \"match[]\": " + e.getMessage()));
        }
        return fetch(rules, request.build(), false);
    }

    /** The alerts response: every pending and firing alert. */
    public Response alerts() {
        return fetch(alerts, RulesRequest.newBuilder().setType(RulesRequest.Type.ALERT).setPartialResponseStrategy(strategy)
                .build(), true);
    }

    private Response fetch(RulesSource source, RulesRequest request, boolean alertsOnly) {
        RulesResult result;
        try {
            result = source.rules(request);
        } catch (RulesException e) {
            return new Response(500, RulesJson.error("internal", "error retrieving rules: " + e.getMessage()));
        }
        // Again here, for sources that ignore the request's filters.
        List<RuleGroup> groups = RulesDedup.dedup(RulesFilter.of(request).apply(result.groups()), replicaLabels);
        return new Response(200, alertsOnly ? RulesJson.alerts(groups, result.warnings())
                : RulesJson.rules(groups, result.warnings()));
    }

    private static List<String> all(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null ? List.of() : v;
    }
}
