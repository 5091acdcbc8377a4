package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.ruler.template.PrometheusFunctions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule ready to evaluate: its expression and labels plus the outcome of its last evaluation.
 * {@link #apply} turns the expression's result at one evaluation into the samples to store.
 */
public abstract sealed class EvalRule permits RecordingRule, AlertingRule {
    final String name;
    final String expr;
    final Labels labels;
    private volatile RuleHealth health = RuleHealth.UNKNOWN;
    private volatile String lastError = "";
    private volatile long lastEvaluation;
    private volatile double evaluationSeconds;

    EvalRule(String name, String expr, Labels labels) {
        this.name = name;
        this.expr = expr;
        this.labels = labels;
    }

    /**
     * The samples this rule produces from {@code result}, the expression evaluated at {@code queryTime}
     * ({@code evalTime} minus the group's query offset).
     *
     * @param templateQuery the templates' {@code query} function at this evaluation; may be null
     * @throws RuleEvalException for duplicate output series or an exceeded limit
     */
    abstract List<Sample> apply(long evalTime, long queryTime, List<Sample> result, int limit, EvalContext ctx,
            PrometheusFunctions.QueryFunction templateQuery) throws RuleEvalException;

    public String name() {
        return name;
    }

    public String expr() {
        return expr;
    }

    public Labels labels() {
        return labels;
    }

    public RuleHealth health() {
        return health;
    }

    public String lastError() {
        return lastError;
    }

    /** Unix milliseconds of the last evaluation's start, 0 before the first. */
    public long lastEvaluation() {
        return lastEvaluation;
    }

    public double evaluationSeconds() {
        return evaluationSeconds;
    }

    void recordOutcome(long evaluatedAt, double seconds, String error) {
        lastEvaluation = evaluatedAt;
        evaluationSeconds = seconds;
        health = error == null ? RuleHealth.OK : RuleHealth.ERR;
        lastError = error == null ? "" : error;
    }

    static Labels withLabels(Labels base, Labels extra) {
        LabelsBuilder b = base.toBuilder();
        extra.forEach(b::set);
        return b.build();
    }

    static void requireUnique(List<Sample> out, String message) throws RuleEvalException {
        Set<Labels> seen = new HashSet<>();
        for (Sample s : out) {
            if (!seen.add(s.labels())) {
                throw new RuleEvalException(message);
            }
        }
    }
}
