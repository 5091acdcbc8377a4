package io.jthanos.ruler.eval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** Prometheus's rule-manager metrics, labelled {@code rule_group="<file>;<group>"}. */
public final class RuleMetrics {
    private final MeterRegistry registry;

    public RuleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one group; {@link #close()} removes its gauges (counters live on across reloads). */
    final class GroupMeters implements AutoCloseable {
        final Counter evaluations;
        final Counter failures;
        final Counter iterations;
        final Counter missed;
        private final List<Meter> meters = new ArrayList<>();

        GroupMeters(Group g) {
            String key = g.file() + ";" + g.name();
            evaluations = Counter.builder("prometheus_rule_evaluations_total").tag("rule_group", key)
                    .description("The total number of rule evaluations.").register(registry);
            failures = Counter.builder("prometheus_rule_evaluation_failures_total").tag("rule_group", key)
                    .description("The total number of rule evaluation failures.").register(registry);
            iterations = Counter.builder("prometheus_rule_group_iterations_total").tag("rule_group", key)
                    .description("The total number of scheduled rule group evaluations, whether executed or missed.")
                    .register(registry);
            missed = Counter.builder("prometheus_rule_group_iterations_missed_total").tag("rule_group", key)
                    .description("The total number of rule group evaluations missed due to slow rule group evaluation.")
                    .register(registry);
            add(Gauge.builder("prometheus_rule_group_last_duration_seconds", g, Group::lastDurationSeconds)
                    .tag("rule_group", key).description("The duration of the last rule group evaluation.").register(registry));
            add(Gauge.builder("prometheus_rule_group_interval_seconds", g, x -> x.intervalMillis() / 1000.0)
                    .tag("rule_group", key).description("The interval of a rule group.").register(registry));
            add(Gauge.builder("prometheus_rule_group_last_evaluation_timestamp_seconds", g, x -> x.lastEvaluation() / 1000.0)
                    .tag("rule_group", key).description("The timestamp of the last rule group evaluation in seconds.")
                    .register(registry));
            add(Gauge.builder("prometheus_rule_group_rules", g, x -> x.rules().size())
                    .tag("rule_group", key).description("The number of rules.").register(registry));
            add(Gauge.builder("prometheus_rule_group_last_evaluation_samples", g, Group::lastSamples)
                    .tag("rule_group", key).description("The number of samples returned during the last rule group evaluation.")
                    .register(registry));
        }

        private <M extends Meter> M add(M m) {
            meters.add(m);
            return m;
        }

        @Override
        public void close() {
            meters.forEach(registry::remove);
        }
    }

    GroupMeters forGroup(Group g) {
        return new GroupMeters(g);
    }
}
