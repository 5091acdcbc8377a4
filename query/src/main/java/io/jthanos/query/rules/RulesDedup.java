package io.jthanos.query.rules;

import io.jthanos.model.Labels;
import io.jthanos.proto.labelpb.LabelSet;
import io.jthanos.proto.rulespb.Alert;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.store.grpc.StoreProtos;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the rule groups of several rulers as the Thanos querier does ({@code pkg/rules/rules.go}): groups
 * with the same file and name become one, and within it the same rule from several replicas (equal type, name,
 * labels without the replica labels, query and, for alerts, {@code for}) is kept once, without its replica
 * labels: the alerting rule in the most critical state, else the one evaluated last. Alert instances keep their
 * labels as the replica sent them.
 */
public final class RulesDedup {
    private static final Comparator<Rule> IDENTITY = RulesDedup::compareIdentity;

    private RulesDedup() {}

    /** {@code groups} merged and deduplicated, sorted by file and name; {@code replicaLabels} may be empty. */
    public static List<RuleGroup> dedup(List<RuleGroup> groups, Collection<String> replicaLabels) {
        List<RuleGroup> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparing(RulesDedup::key));
        Map<String, RuleGroup.Builder> merged = new LinkedHashMap<>();
        for (RuleGroup g : sorted) {
            RuleGroup.Builder b = merged.get(key(g));
            if (b == null) {
                merged.put(key(g), g.toBuilder());
            } else {
                b.addAllRules(g.getRulesList());
            }
        }
        Set<String> replicas = Set.copyOf(replicaLabels);
        List<RuleGroup> out = new ArrayList<>(merged.size());
        for (RuleGroup.Builder b : merged.values()) {
            List<Rule> rules = dedupRules(b.getRulesList(), replicas);
            out.add(b.clearRules().addAllRules(rules).build());
        }
        return out;
    }

    private static String key(RuleGroup g) {
        return g.getFile() + ";" + g.getName();
    }

    private static List<Rule> dedupRules(List<Rule> rules, Set<String> replicaLabels) {
        List<Rule> sorted = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            sorted.add(withLabels(r, labels(r)));
        }
        // With the replica labels first, so that replicas of one rule end up next to each other.
        sorted.sort(IDENTITY);
        List<Rule> out = new ArrayList<>(sorted.size());
        for (Rule r : sorted) {
            Rule stripped = withLabels(r, labels(r).without(replicaLabels));
            int last = out.size() - 1;
            if (last < 0 || compareIdentity(out.get(last), stripped) != 0) {
                out.add(stripped);
            } else if (preferred(stripped, out.get(last))) {
                out.set(last, stripped);
            }
        }
        return out;
    }

    /** Whether {@code candidate} replaces {@code kept}, the same rule from another replica. */
    private static boolean preferred(Rule candidate, Rule kept) {
        if (candidate.hasAlert() && kept.hasAlert()) {
            int critical = Integer.compare(candidate.getAlert().getStateValue(), kept.getAlert().getStateValue());
            if (critical != 0) {
                return critical > 0;
            }
            return seconds(candidate.getAlert().getLastEvaluation()) > seconds(kept.getAlert().getLastEvaluation());
        }
        if (candidate.hasRecording() && kept.hasRecording()) {
            return seconds(candidate.getRecording().getLastEvaluation()) > seconds(kept.getRecording().getLastEvaluation());
        }
        return false;
    }

    private static double seconds(com.google.protobuf.Timestamp t) {
        return t.getSeconds() + t.getNanos() / 1e9;
    }

    /** Thanos's {@code Rule.Compare}: alerting before recording, then name, labels, query, {@code for}. */
    private static int compareIdentity(Rule a, Rule b) {
        if (a.hasAlert() != b.hasAlert()) {
            return a.hasAlert() ? -1 : 1;
        }
        int c = name(a).compareTo(name(b));
        if (c == 0) {
            c = labels(a).compareTo(labels(b));
        }
        if (c == 0) {
            c = query(a).compareTo(query(b));
        }
        if (c == 0 && a.hasAlert()) {
            c = Double.compare(a.getAlert().getDurationSeconds(), b.getAlert().getDurationSeconds());
        }
        return c;
    }

    private static String name(Rule r) {
        return r.hasAlert() ? r.getAlert().getName() : r.getRecording().getName();
    }

    private static String query(Rule r) {
        return r.hasAlert() ? r.getAlert().getQuery() : r.getRecording().getQuery();
    }

    private static Labels labels(Rule r) {
        LabelSet set = r.hasAlert() ? r.getAlert().getLabels() : r.getRecording().getLabels();
        return StoreProtos.labels(set.getLabelsList());
    }

    private static Rule withLabels(Rule r, Labels labels) {
        LabelSet set = LabelSet.newBuilder().addAllLabels(StoreProtos.labels(labels)).build();
        if (r.hasAlert()) {
            Alert a = r.getAlert().toBuilder().setLabels(set).build();
            return Rule.newBuilder().setAlert(a).build();
        }
        return Rule.newBuilder().setRecording(r.getRecording().toBuilder().setLabels(set)).build();
    }
}
