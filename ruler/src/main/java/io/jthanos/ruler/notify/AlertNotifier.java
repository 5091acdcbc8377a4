package io.jthanos.ruler.notify;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.ruler.eval.Alert;
import io.jthanos.ruler.eval.NotifyFunction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns rule alerts into Alertmanager alerts and delivers them, like Thanos's ruler with
 * {@code alert.Queue} and {@code alert.Sender}: {@code startsAt} is when the alert fired,
 * {@code endsAt} its resolution or, while firing, its validity (4 × max(resend delay, interval));
 * external labels are added (overriding), {@code --alert.label-drop} labels removed, the generator
 * URL points at {@code --alert.query-url}. A bounded queue (oldest dropped when full) feeds batches
 * of at most 100 alerts to {@link #run()}.
 */
public final class AlertNotifier implements NotifyFunction, AutoCloseable {
    static final int CAPACITY = 10_000;
    static final int MAX_BATCH = 100;

    private final Labels externalLabels;
    private final List<String> dropLabels;
    private final List<RelabelConfig> relabel;
    private final String queryUrl;
    private final AlertmanagerSender sender;
    private final AlertSenderMetrics metrics;
    private final ArrayDeque<PostableAlert> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition more = lock.newCondition();
    private boolean closed;

    public AlertNotifier(List<AlertmanagerConfig.Endpoint> alertmanagers, Labels externalLabels, List<String> dropLabels,
            String queryUrl, MeterRegistry registry) {
        this(alertmanagers, externalLabels, dropLabels, List.of(), queryUrl, registry);
    }

    /**
     * @param relabel {@code --alert.relabel-config}: applied to each alert's labels after the external labels are
     *     added and {@code dropLabels} removed, as Thanos's alert queue does; an alert they drop is not sent
     */
    public AlertNotifier(List<AlertmanagerConfig.Endpoint> alertmanagers, Labels externalLabels, List<String> dropLabels,
            List<RelabelConfig> relabel, String queryUrl, MeterRegistry registry) {
        this.externalLabels = externalLabels;
        this.dropLabels = List.copyOf(dropLabels);
        this.relabel = List.copyOf(relabel);
        this.queryUrl = queryUrl == null ? "" : queryUrl.replaceFirst("/$", "");
        this.metrics = new AlertSenderMetrics(registry);
        this.sender = new AlertmanagerSender(alertmanagers, metrics);
        Gauge.builder("thanos_alert_queue_length", queue, q -> size()).description("Length of the alert queue.").register(registry);
        Gauge.builder("thanos_alert_queue_capacity", () -> CAPACITY).description("Capacity of the alert queue.").register(registry);
    }

    @Override
    public void send(String expr, List<Alert> alerts) {
        String generator = queryUrl + "/graph?g0.expr=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&g0.tab=1";
        List<PostableAlert> out = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            Labels labels = labelsToSend(a.labels(), externalLabels, dropLabels, relabel);
            if (labels == null) {
                continue;
            }
            long endsAt = a.resolvedAt() != 0 ? a.resolvedAt() : a.validUntil();
            out.add(new PostableAlert(labels, a.annotations(), a.firedAt(), endsAt, generator));
        }
        push(out);
    }

    /** An alert's labels as sent: external labels added, {@code drop} removed, then relabelled; null when dropped. */
    static Labels labelsToSend(Labels alert, Labels external, List<String> drop, List<RelabelConfig> relabel) {
        LabelsBuilder b = alert.toBuilder();
        external.forEach(b::set);
        drop.forEach(b::delete);
        Labels out = b.build();
        if (relabel.isEmpty()) {
            return out;
        }
        out = Relabeler.process(out, relabel);
        return out == null || out.isEmpty() ? null : out;
    }

    void push(List<PostableAlert> alerts) {
        lock.lock();
        try {
            for (PostableAlert a : alerts) {
                if (queue.size() >= CAPACITY) {
                    queue.pollFirst();
                    metrics.queueDropped.increment();
                }
                queue.addLast(a);
                metrics.queuePushed.increment();
            }
            more.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sends queued batches until {@link #close()}; run it on its own thread. */
    public void run() throws InterruptedException {
        while (true) {
            List<PostableAlert> batch = new ArrayList<>();
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    more.await();
                }
                if (closed && queue.isEmpty()) {
                    return;
                }
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.pollFirst());
                }
                metrics.queuePopped.increment(batch.size());
            } finally {
                lock.unlock();
            }
            sender.send(batch);
        }
    }

    /** Makes {@link #run()} return after sending what is queued. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            more.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
