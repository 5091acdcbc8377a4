package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import java.util.Map;

/**
 * One alert of an alerting rule (Prometheus's {@code rules.Alert}); times are Unix milliseconds, 0
 * when unset. Mutated only by its rule's evaluation; read by the APIs under the rule's lock.
 */
public final class Alert {
    final Labels labels;
    Map<String, String> annotations;
    AlertState state;
    double value;
    long activeAt;
    long firedAt;
    long resolvedAt;
    long lastSentAt;
    long validUntil;
    long keepFiringSince;

    Alert(Labels labels, Map<String, String> annotations, double value, long activeAt) {
        this.labels = labels;
        this.annotations = annotations;
        this.value = value;
        this.activeAt = activeAt;
        this.state = AlertState.PENDING;
    }

    /** A copy for sending or reporting. */
    Alert snapshot() {
        Alert a = new Alert(labels, annotations, value, activeAt);
        a.state = state;
        a.firedAt = firedAt;
        a.resolvedAt = resolvedAt;
        a.lastSentAt = lastSentAt;
        a.validUntil = validUntil;
        a.keepFiringSince = keepFiringSince;
        return a;
    }

    /** Prometheus's {@code needsSending}: firing or resolved alerts, resent after {@code resendDelay}. */
    boolean needsSending(long ts, long resendDelayMillis) {
        if (state == AlertState.PENDING) {
            return false;
        }
        if (resolvedAt > lastSentAt) {
            return true;
        }
        return lastSentAt + resendDelayMillis < ts;
    }

    public Labels labels() {
        return labels;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public AlertState state() {
        return state;
    }

    public double value() {
        return value;
    }

    public long activeAt() {
        return activeAt;
    }

    public long firedAt() {
        return firedAt;
    }

    public long resolvedAt() {
        return resolvedAt;
    }

    public long validUntil() {
        return validUntil;
    }

    public long keepFiringSince() {
        return keepFiringSince;
    }
}
