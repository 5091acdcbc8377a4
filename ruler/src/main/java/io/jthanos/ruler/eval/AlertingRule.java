package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.ruler.template.AlertTemplate;
import io.jthanos.ruler.template.PrometheusFunctions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule with its alerts' state machine, after Prometheus's {@code rules/alerting.go}: a
 * new result element makes a pending alert, which fires once it was active for {@code for}; when the
 * element disappears a firing alert keeps firing for {@code keep_firing_for}, then resolves and is
 * kept 15 minutes so that Alertmanager learns of the resolution; a pending alert just goes away.
 * Each evaluation yields {@code ALERTS{alertstate=…}} = 1 and {@code ALERTS_FOR_STATE} = activeAt
 * (seconds) for every pending or firing alert, once the state was restored.
 */
public final class AlertingRule extends EvalRule {
    static final long RESOLVED_RETENTION_MILLIS = 15 * 60_000L;

    private final long holdMillis;
    private final long keepFiringForMillis;
    private final Map<String, String> annotations;
    private final Map<Labels, Alert> active = new LinkedHashMap<>();
    private volatile boolean restored;

    public AlertingRule(String alert, String expr, long holdMillis, long keepFiringForMillis, Labels labels,
            Map<String, String> annotations, boolean restored) {
        super(alert, expr, labels);
        this.holdMillis = holdMillis;
        this.keepFiringForMillis = keepFiringForMillis;
        this.annotations = Map.copyOf(annotations);
        this.restored = restored;
    }

    public long holdMillis() {
        return holdMillis;
    }

    public long keepFiringForMillis() {
        return keepFiringForMillis;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public boolean restored() {
        return restored;
    }

    void setRestored() {
        restored = true;
    }

    @Override
    synchronized List<Sample> apply(long ts, long queryTime, List<Sample> result, int limit, EvalContext ctx,
            PrometheusFunctions.QueryFunction templateQuery) throws RuleEvalException {
        Map<Labels, Alert> current = new HashMap<>();
        for (Sample s : result) {
            Labels expandData = s.labels();
            LabelsBuilder b = s.labels().toBuilder().delete(Labels.METRIC_NAME);
            labels.forEach((k, v) -> b.set(k, expand(v, expandData, s.value(), ctx, templateQuery)));
            b.set("alertname", name);
            Map<String, String> expanded = new LinkedHashMap<>();
            annotations.forEach((k, v) -> expanded.put(k, expand(v, expandData, s.value(), ctx, templateQuery)));
            Labels alertLabels = b.build();
            if (current.containsKey(alertLabels)) {
                throw new RuleEvalException("vector contains metrics with the same labelset after applying alert labels");
            }
            current.put(alertLabels, new Alert(alertLabels, expanded, s.value(), ts));
        }
        for (Alert a : current.values()) {
            Alert existing = active.get(a.labels);
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = a.value;
                existing.annotations = a.annotations;
                continue;
            }
            active.put(a.labels, a);
        }
        List<Sample> out = new ArrayList<>();
        int activeCount = 0;
        for (Iterator<Alert> it = active.values().iterator(); it.hasNext(); ) {
            Alert a = it.next();
            if (!current.containsKey(a.labels)) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && keepFiringForMillis > 0) {
                    if (a.keepFiringSince == 0) {
                        a.keepFiringSince = ts;
                    }
                    keepFiring = ts - a.keepFiringSince < keepFiringForMillis;
                }
                if (a.state == AlertState.PENDING || (a.resolvedAt != 0 && ts - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = ts;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = 0;
            }
            activeCount++;
            if (a.state == AlertState.PENDING && ts - a.activeAt >= holdMillis) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
            if (restored) {
                out.add(new Sample(alertsSeries(a), queryTime, 1));
                out.add(new Sample(forStateSeries(a.labels), queryTime, Math.floorDiv(a.activeAt, 1000L)));
            }
        }
        if (limit > 0 && activeCount > limit) {
            active.clear();
            throw new RuleEvalException("exceeded limit of " + limit + " with " + activeCount + " alerts");
        }
        return out;
    }

    /** Alerts that need sending at {@code ts}, marked as sent (Prometheus's {@code sendAlerts}). */
    synchronized List<Alert> alertsToSend(long ts, long resendDelayMillis, long intervalMillis) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : active.values()) {
            if (a.needsSending(ts, resendDelayMillis)) {
                a.lastSentAt = ts;
                a.validUntil = ts + 4 * Math.max(resendDelayMillis, intervalMillis);
                out.add(a.snapshot());
            }
        }
        return out;
    }

    /** Snapshots of the pending, firing and recently resolved alerts. */
    public synchronized List<Alert> alerts() {
        return active.values().stream().map(Alert::snapshot).toList();
    }

    /** The alert state of this rule, from the most severe alert. */
    public synchronized AlertState state() {
        AlertState max = AlertState.INACTIVE;
        for (Alert a : active.values()) {
            if (a.state.ordinal() > max.ordinal()) {
                max = a.state;
            }
        }
        return max;
    }

    /** Pending and firing alerts, for restoring their {@code for} state. */
    synchronized List<Alert> activeAlerts() {
        return active.values().stream().filter(a -> a.state != AlertState.INACTIVE).toList();
    }

    /** Takes over the alerts of {@code old} (a reload of the same rule). */
    synchronized void copyStateFrom(AlertingRule old) {
        synchronized (old) {
            active.putAll(old.active);
        }
        if (old.restored) {
            restored = true;
        }
    }

    static Labels alertsSeries(Alert a) {
        return a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS").set("alertstate", a.state.wireName()).build();
    }

    static Labels forStateSeries(Labels alertLabels) {
        return alertLabels.toBuilder().set(Labels.METRIC_NAME, "ALERTS_FOR_STATE").build();
    }

    private String expand(String text, Labels labels, double value, EvalContext ctx,
            PrometheusFunctions.QueryFunction templateQuery) {
        return AlertTemplate.expand(name, text, labels, ctx.externalLabels(), ctx.externalUrl(), value, templateQuery);
    }
}
