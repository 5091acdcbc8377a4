package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.ruler.rulefmt.Rule;
import io.jthanos.ruler.rulefmt.RuleFile;
import io.jthanos.ruler.rulefmt.RuleGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs rule groups (Prometheus's {@code rules.Manager}): one virtual thread per group evaluating at
 * its aligned times; {@link #update} swaps in new groups and carries alert state over to groups and
 * rules that stay. Groups loaded at start restore their alerts' {@code for} state after their second
 * evaluation; groups added by a reload start restored. The series of a group that a reload drops are
 * marked stale two of its intervals later (time for a renamed group to take them over), at the time
 * it was stopped, unless the manager is closed first.
 */
public final class RuleManager implements AutoCloseable {
    private final EvalSettings settings;
    private final RuleMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final List<Thread> staleMarkers = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private record Running(Group group, Thread thread, RuleMetrics.GroupMeters meters) {
    }

    public RuleManager(EvalSettings settings, RuleMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Builds evaluable groups from parsed files; group labels are added to each rule (rule labels win). */
    public List<Group> groups(List<RuleFile> files, boolean restoreNeeded) {
        List<Group> out = new ArrayList<>();
        for (RuleFile f : files) {
            for (RuleGroup g : f.groups()) {
                List<EvalRule> rules = new ArrayList<>();
                for (Rule r : g.rules()) {
                    LabelsBuilder b = Labels.fromMap(g.labels()).toBuilder();
                    r.labels().forEach(b::set);
                    Labels labels = b.build();
                    rules.add(r.isAlerting()
                            ? new AlertingRule(r.alert(), r.expr(), r.forDuration().toMillis(), r.keepFiringFor().toMillis(),
                                    labels, r.annotations(), !restoreNeeded)
                            : new RecordingRule(r.record(), r.expr(), labels));
                }
                long interval = (g.interval().isZero() ? settings.defaultInterval() : g.interval()).toMillis();
                long offset = (g.queryOffset() == null ? settings.defaultQueryOffset() : g.queryOffset()).toMillis();
                Group group = new Group(f.path(), g.name(), interval, offset, g.limit(), g.partialResponseStrategy(), rules);
                group.shouldRestore = restoreNeeded;
                out.add(group);
            }
        }
        return out;
    }

    /**
     * Replaces the running groups with {@code files}' groups. A group with the same file and name
     * takes over its predecessor's alerts; the first call's groups restore their state from storage.
     */
    public void update(List<RuleFile> files) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("rule manager closed");
            }
            List<Group> next = groups(files, !started);
            Map<String, Running> old = new LinkedHashMap<>(running);
            running.clear();
            for (Running r : old.values()) {
                r.thread.interrupt();
            }
            for (Running r : old.values()) {
                join(r.thread);
                r.meters.close();
            }
            long stoppedAt = settings.clock().millis();
            Set<String> kept = new HashSet<>();
            next.forEach(g -> kept.add(key(g)));
            staleMarkers.removeIf(t -> !t.isAlive());
            for (Running r : old.values()) {
                if (!kept.contains(key(r.group))) {
                    staleMarkers.add(Thread.ofVirtual().name("stale-markers " + key(r.group))
                            .start(() -> markStaleLater(r.group, stoppedAt)));
                }
            }
            for (Group g : next) {
                Running prev = old.get(key(g));
                if (prev != null) {
                    g.copyStateFrom(prev.group);
                }
                RuleMetrics.GroupMeters meters = metrics.forGroup(g);
                Thread t = Thread.ofVirtual().name("rule-group " + key(g)).unstarted(() -> loop(g, meters));
                running.put(key(g), new Running(g, t, meters));
                t.start();
            }
            started = true;
        } finally {
            lock.unlock();
        }
    }

    /** The running groups, in file order. */
    public List<Group> groups() {
        lock.lock();
        try {
            return running.values().stream().map(Running::group).toList();
        } finally {
            lock.unlock();
        }
    }

    private void loop(Group g, RuleMetrics.GroupMeters meters) {
        long interval = g.intervalMillis();
        long next = g.evalTimestamp(settings.clock().millis()) + interval;
        int iterations = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long wait = next - settings.clock().millis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long behind = (settings.clock().millis() - next) / interval;
                if (behind > 0) {
                    meters.missed.increment(behind);
                    meters.iterations.increment(behind);
                    next += behind * interval;
                }
                meters.iterations.increment();
                g.evaluate(next, settings, meters);
                iterations++;
                if (g.shouldRestore && iterations == 2) {
                    g.restoreForState(settings.clock().millis(), settings);
                    g.shouldRestore = false;
                }
                next += interval;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks a dropped group's series stale at {@code stoppedAt} (minus its query offset) two intervals from now. */
    private void markStaleLater(Group g, long stoppedAt) {
        List<Labels> series = g.seriesToMarkStale();
        if (series.isEmpty()) {
            return;
        }
        try {
            Thread.sleep(2 * g.intervalMillis());
        } catch (InterruptedException e) {
            return; // the manager is closing
        }
        Group.markStale(series, stoppedAt - g.queryOffsetMillis(), settings.storage());
    }

    private static String key(Group g) {
        return g.file() + ";" + g.name();
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every group loop. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            staleMarkers.forEach(Thread::interrupt);
            staleMarkers.forEach(RuleManager::join);
            staleMarkers.clear();
            running.values().forEach(r -> r.thread.interrupt());
            running.values().forEach(r -> {
                join(r.thread);
                r.meters.close();
            });
            running.clear();
        } finally {
            lock.unlock();
        }
    }
}
