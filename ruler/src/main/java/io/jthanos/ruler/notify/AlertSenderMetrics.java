package io.jthanos.ruler.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Thanos's {@code pkg/alert} metrics of the alert queue and sender. */
final class AlertSenderMetrics {
    private final MeterRegistry registry;
    final Counter queuePushed;
    final Counter queuePopped;
    final Counter queueDropped;
    final Counter senderDropped;

    AlertSenderMetrics(MeterRegistry registry) {
        this.registry = registry;
        queuePushed = Counter.builder("thanos_alert_queue_alerts_pushed_total")
                .description("Total number of alerts pushed to queue.").register(registry);
        queuePopped = Counter.builder("thanos_alert_queue_alerts_popped_total")
                .description("Total number of alerts popped from queue.").register(registry);
        queueDropped = Counter.builder("thanos_alert_queue_alerts_dropped_total")
                .description("Total number of alerts that were dropped from the queue.").register(registry);
        senderDropped = Counter.builder("thanos_alert_sender_alerts_dropped_total")
                .description("Total number of alerts dropped in case of all sends to alertmanagers failed.").register(registry);
    }

    Counter sent(String alertmanager) {
        return Counter.builder("thanos_alert_sender_alerts_sent_total").tag("alertmanager", alertmanager)
                .description("Total number of alerts sent by alertmanager.").register(registry);
    }

    Counter errors(String alertmanager) {
        return Counter.builder("thanos_alert_sender_errors_total").tag("alertmanager", alertmanager)
                .description("Total number of errors while sending alerts to alertmanager.").register(registry);
    }

    Timer latency(String alertmanager) {
        return Timer.builder("thanos_alert_sender_latency_seconds").tag("alertmanager", alertmanager)
                .description("Latency for sending alert notifications (not including dropped notifications).").register(registry);
    }
}
