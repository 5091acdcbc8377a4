package io.jthanos.query.rules;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.VectorSelector;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.store.grpc.StoreProtos;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link RulesRequest}'s selection as Prometheus's {@code /api/v1/rules} applies it: {@code rule_group[]}
 * and {@code file[]} pick groups, {@code type}, {@code rule_name[]} and {@code match[]} (series selectors
 * matched against the rule's labels, any selector sufficing) pick rules, and a group left without rules by
 * the rule filters is dropped.
 */
public final class RulesFilter {
    private final RulesRequest.Type type;
    private final Set<String> names;
    private final Set<String> groups;
    private final Set<String> files;
    private final List<List<Matcher>> matcherSets;

    private RulesFilter(RulesRequest request) {
        this.type = request.getType();
        this.names = Set.copyOf(request.getRuleNameList());
        this.groups = Set.copyOf(request.getRuleGroupList());
        this.files = Set.copyOf(request.getFileList());
        this.matcherSets = matcherSets(request.getMatcherStringList());
    }

    /**
     * The filter of {@code request}.
     *
     * @throws IllegalArgumentException when a {@code match[]} selector does not parse, with the parser's message
     */
    public static RulesFilter of(RulesRequest request) {
        return new RulesFilter(request);
    }

    /** {@code in} without the groups and rules the request leaves out. */
    public List<RuleGroup> apply(List<RuleGroup> in) {
        boolean filtersRules = type != RulesRequest.Type.ALL || !names.isEmpty() || !matcherSets.isEmpty();
        List<RuleGroup> out = new ArrayList<>(in.size());
        for (RuleGroup g : in) {
            if ((!groups.isEmpty() && !groups.contains(g.getName())) || (!files.isEmpty() && !files.contains(g.getFile()))) {
                continue;
            }
            if (!filtersRules) {
                out.add(g);
                continue;
            }
            List<Rule> rules = new ArrayList<>(g.getRulesCount());
            for (Rule r : g.getRulesList()) {
                if (keeps(r)) {
                    rules.add(r);
                }
            }
            if (!rules.isEmpty()) {
                out.add(g.toBuilder().clearRules().addAllRules(rules).build());
            }
        }
        return out;
    }

    private boolean keeps(Rule r) {
        if ((type == RulesRequest.Type.ALERT && !r.hasAlert()) || (type == RulesRequest.Type.RECORD && !r.hasRecording())) {
            return false;
        }
        String name = r.hasAlert() ? r.getAlert().getName() : r.getRecording().getName();
        if (!names.isEmpty() && !names.contains(name)) {
            return false;
        }
        if (matcherSets.isEmpty()) {
            return true;
        }
        Labels labels = StoreProtos.labels(r.hasAlert() ? r.getAlert().getLabels().getLabelsList()
                : r.getRecording().getLabels().getLabelsList());
        for (List<Matcher> set : matcherSets) {
            if (Matcher.matchAll(labels, set)) {
                return true;
            }
        }
        return false;
    }

    private static List<List<Matcher>> matcherSets(List<String> selectors) {
        List<List<Matcher>> out = new ArrayList<>(selectors.size());
        for (String s : selectors) {
            Expr e;
            try {
                e = Parser.parse(s);
            } catch (ParseException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
            if (!(e instanceof VectorSelector vs)) {
                throw new IllegalArgumentException("1:1: parse error: unexpected expression, expected a series selector");
            }
            out.add(vs.matchers());
        }
        return out;
    }
}
