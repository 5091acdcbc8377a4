package io.jthanos.query.rules;

import io.jthanos.proto.rulespb.RuleGroup;
import java.util.List;

/**
 * What a Rules API answered: rule groups (rule and alert labels include the answering component's external
 * labels) and warnings, such as an unreachable ruler under partial response.
 */
public record RulesResult(List<RuleGroup> groups, List<String> warnings) {
    public RulesResult {
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }
}
