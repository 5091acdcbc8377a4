package io.jthanos.cmd.rule;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.proto.rulespb.Alert;
import io.jthanos.proto.rulespb.AlertInstance;
import io.jthanos.proto.rulespb.AlertState;
import io.jthanos.proto.rulespb.RecordingRule;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.storepb.PartialResponseStrategy;
import io.jthanos.query.rules.RuleProtos;
import io.jthanos.query.rules.RulesFilter;
import io.jthanos.query.rules.RulesResult;
import io.jthanos.query.rules.RulesSource;
import io.jthanos.ruler.eval.AlertingRule;
import io.jthanos.ruler.eval.EvalRule;
import io.jthanos.ruler.eval.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ruler's rule groups as {@code thanos.Rules} messages (after Thanos's {@code pkg/rules/manager.go}): rule
 * and alert labels extended with the external labels, which win over a rule's own; only pending and firing
 * alerts.
 */
final class RulerRules implements RulesSource {
    private final Supplier<List<Group>> groups;
    private final Labels externalLabels;

    /**
     * @param groups the rule manager's current groups
     * @param externalLabels labels added to every rule and alert ({@link Labels#empty()} for none)
     */
    RulerRules(Supplier<List<Group>> groups, Labels externalLabels) {
        this.groups = groups;
        this.externalLabels = externalLabels;
    }

    @Override
    public RulesResult rules(RulesRequest request) {
        List<RuleGroup> out = new ArrayList<>();
        for (Group g : groups.get()) {
            out.add(toProto(g));
        }
        return new RulesResult(RulesFilter.of(request).apply(out), List.of());
    }

    private RuleGroup toProto(Group g) {
        PartialResponseStrategy strategy = PartialResponseStrategy.valueOf(g.strategy().name());
        RuleGroup.Builder b = RuleGroup.newBuilder().setName(g.name()).setFile(g.file())
                .setInterval(g.intervalMillis() / 1000.0).setLimit(g.limit())
                .setEvaluationDurationSeconds(g.lastDurationSeconds())
                .setLastEvaluation(RuleProtos.timestamp(g.lastEvaluation())).setPartialResponseStrategy(strategy);
        for (EvalRule r : g.rules()) {
            b.addRules(switch (r) {
                case AlertingRule a -> Rule.newBuilder().setAlert(alert(a, strategy)).build();
                case io.jthanos.ruler.eval.RecordingRule rec -> Rule.newBuilder().setRecording(recording(rec)).build();
            });
        }
        return b.build();
    }

    private Alert alert(AlertingRule a, PartialResponseStrategy strategy) {
        Alert.Builder b = Alert.newBuilder().setState(state(a.state())).setName(a.name()).setQuery(a.expr())
                .setDurationSeconds(a.holdMillis() / 1000.0).setKeepFiringForSeconds(a.keepFiringForMillis() / 1000.0)
                .setLabels(RuleProtos.labelSet(withExternal(a.labels()))).setAnnotations(RuleProtos.labelSet(a.annotations()))
                .setHealth(a.health().wireName()).setLastError(a.lastError())
                .setEvaluationDurationSeconds(a.evaluationSeconds()).setLastEvaluation(RuleProtos.timestamp(a.lastEvaluation()));
        for (io.jthanos.ruler.eval.Alert alert : a.alerts()) {
            if (alert.state() == io.jthanos.ruler.eval.AlertState.INACTIVE) {
                continue;
            }
            b.addAlerts(AlertInstance.newBuilder().setLabels(RuleProtos.labelSet(withExternal(alert.labels())))
                    .setAnnotations(RuleProtos.labelSet(alert.annotations())).setState(state(alert.state()))
                    .setActiveAt(RuleProtos.timestamp(alert.activeAt())).setValue(RuleProtos.alertValue(alert.value()))
                    .setPartialResponseStrategy(strategy));
        }
        return b.build();
    }

    private RecordingRule recording(io.jthanos.ruler.eval.RecordingRule r) {
        return RecordingRule.newBuilder().setName(r.name()).setQuery(r.expr()).setLabels(RuleProtos.labelSet(withExternal(r.labels())))
                .setHealth(r.health().wireName()).setLastError(r.lastError())
                .setEvaluationDurationSeconds(r.evaluationSeconds()).setLastEvaluation(RuleProtos.timestamp(r.lastEvaluation()))
                .build();
    }

    private Labels withExternal(Labels labels) {
        if (externalLabels.isEmpty()) {
            return labels;
        }
        LabelsBuilder b = labels.toBuilder();
        externalLabels.forEach(b::set);
        return b.build();
    }

    private static AlertState state(io.jthanos.ruler.eval.AlertState s) {
        return switch (s) {
            case INACTIVE -> AlertState.INACTIVE;
            case PENDING -> AlertState.PENDING;
            case FIRING -> AlertState.FIRING;
        };
    }
}
