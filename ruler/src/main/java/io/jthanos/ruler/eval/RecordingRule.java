package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.ruler.template.PrometheusFunctions;
import java.util.ArrayList;
import java.util.List;

/** A recording rule: stores its expression's result under a new metric name with its labels (Prometheus's {@code recording.go}). */
public final class RecordingRule extends EvalRule {

    public RecordingRule(String record, String expr, Labels labels) {
        super(record, expr, labels);
    }

    @Override
    List<Sample> apply(long evalTime, long queryTime, List<Sample> result, int limit, EvalContext ctx,
            PrometheusFunctions.QueryFunction templateQuery) throws RuleEvalException {
        List<Sample> out = new ArrayList<>(result.size());
        for (Sample s : result) {
            LabelsBuilder b = s.labels().toBuilder().set(Labels.METRIC_NAME, name);
            labels.forEach(b::set);
            out.add(new Sample(b.build(), queryTime, s.value()));
        }
        requireUnique(out, "vector contains metrics with the same labelset after applying rule labels");
        if (limit > 0 && out.size() > limit) {
            throw new RuleEvalException("exceeded limit " + limit + " with " + out.size() + " series");
        }
        return out;
    }
}
