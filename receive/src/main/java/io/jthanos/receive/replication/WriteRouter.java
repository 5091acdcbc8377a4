package io.jthanos.receive.replication;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.hashring.Endpoint;
import io.jthanos.receive.hashring.Hashring;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.hashring.InsufficientNodesException;
import io.jthanos.receive.hashring.NoMatchingHashringException;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.receive.hashring.SingleNodeRing;
import io.jthanos.receive.series.ProtoSeriesBatch;
import io.jthanos.receive.series.SeriesBatch;
import io.jthanos.receive.tsdb.ErrorKind;
import io.jthanos.receive.tsdb.SeriesError;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.receive.tsdb.WriteOutcome;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Distributes the series of a write request over the hashring and waits for the write quorum (after
 * Thanos's {@code Handler.forward}/{@code fanoutForward}).
 *
 * <p>For a request that is not yet replicated (replica 0), each series goes to replicas
 * {@code 0..RF-1}; the success threshold is the write quorum ({@code RF/2+1}, and 1 for RF=2 as in
 * Thanos). A forwarded request (replica {@code r ≥ 1}) is written only as replica {@code r-1} and needs one
 * success. Series for this node are committed locally (WAL); the others are forwarded with the
 * 1-based replica number. Transient forward failures are retried with exponential backoff until the
 * forward deadline; conflicts and invalid data are not retried. The call returns as soon as every series
 * has either reached the success threshold or can no longer reach it; remaining forwards go on in the
 * background until the deadline.
 */
public final class WriteRouter implements AutoCloseable {
    private static final long INITIAL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_MESSAGES = 10;

    private final Supplier<Hashrings> hashrings;
    private final String localEndpoint;
    private final int replicationFactor;
    private final ReceiverMode mode;
    private final TenantWriter local;
    private final PeerClient peers;
    private final long forwardTimeoutNanos;
    private final long maxBackoffNanos;
    private final ReceiveMetrics metrics;
    private final ExecutorService forwards = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());

    public WriteRouter(Supplier<Hashrings> hashrings, String localEndpoint, int replicationFactor, ReceiverMode mode,
            TenantWriter local, PeerClient peers, Duration forwardTimeout, Duration maxBackoff, ReceiveMetrics metrics) {
        this.hashrings = hashrings;
        this.localEndpoint = localEndpoint == null ? "" : localEndpoint;
        this.replicationFactor = replicationFactor;
        this.mode = mode;
        this.local = local;
        this.peers = peers;
        this.forwardTimeoutNanos = forwardTimeout.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.metrics = metrics;
    }

    /** Thanos's {@code writeQuorum()}. */
    public static int writeQuorum(int replicationFactor) {
        return replicationFactor == 2 ? 1 : replicationFactor / 2 + 1;
    }

    /** The mode this router runs in. */
    public ReceiverMode mode() {
        return mode;
    }

    private record Target(Endpoint endpoint, int replica) {}

    private record Response(int[] seriesIds, WriteOutcome localOutcome, SeriesError remoteError) {}

    /**
     * Writes {@code series} of {@code tenant}.
     *
     * @param replicaHeader the request's replica number, 0 when not replicated yet (1-based otherwise)
     */
    public RouteResult write(String tenant, long replicaHeader, List<TimeSeries> series) {
        return write(tenant, replicaHeader, new ProtoSeriesBatch(series));
    }

    /** {@link #write(String, long, List)} for any {@link SeriesBatch}. */
    public RouteResult write(String tenant, long replicaHeader, SeriesBatch series) {
        int n = series.size();
        long rep = (mode == ReceiverMode.ROUTER_ONLY || mode == ReceiverMode.INGESTOR_ONLY) ? 0 : replicaHeader;
        if (rep < 0 || rep > replicationFactor) {
            return RouteResult.failed(ErrorKind.INVALID, "request replica exceeds receiver replication factor", n);
        }
        boolean replicated = rep != 0;
        int[] replicas;
        if (replicated) {
            replicas = new int[] {(int) rep - 1};
        } else {
            replicas = new int[replicationFactor];
            for (int i = 0; i < replicationFactor; i++) {
                replicas[i] = i;
            }
        }
        Hashrings rings = hashrings.get();
        if (rings == null) {
            return RouteResult.failed(ErrorKind.NOT_READY, "target not ready", n);
        }
        Map<Target, IntList> groups = new LinkedHashMap<>();
        try {
            Hashring ring = rings.forTenant(tenant);
            if (ring instanceof SingleNodeRing single && replicas.length == 1 && replicas[0] == 0) {
                // an ingestor without hashring: every series is local whatever its hash
                groups.put(new Target(single.self(), 0), IntList.range(n));
            } else {
                groupByHash(ring, tenant, series, replicas, groups);
            }
        } catch (NoMatchingHashringException | InsufficientNodesException e) {
            return RouteResult.failed(ErrorKind.INTERNAL, e.getMessage(), n);
        }

        int successThreshold = replicated ? 1 : writeQuorum(replicationFactor);
        int failureThreshold = replicas.length - successThreshold + 1;
        long deadline = System.nanoTime() + forwardTimeoutNanos;
        LinkedBlockingQueue<Response> responses = new LinkedBlockingQueue<>();
        List<Map.Entry<Target, IntList>> localGroups = new ArrayList<>();
        int pending = 0;
        for (Map.Entry<Target, IntList> g : groups.entrySet()) {
            if (g.getKey().endpoint().address().equals(localEndpoint)) {
                localGroups.add(g);
                continue;
            }
            int[] ids = g.getValue().toArray();
            SeriesBatch batch = series.select(ids);
            Target target = g.getKey();
            pending++;
            forwards.execute(() -> responses.add(new Response(ids, null,
                    forward(target, tenant, batch, replicated, deadline))));
        }
        for (Map.Entry<Target, IntList> g : localGroups) {
            int[] ids = g.getValue().toArray();
            responses.add(new Response(ids, local.write(tenant, series.select(ids)), null));
            pending++;
        }

        int[] successes = new int[n];
        int[] failures = new int[n];
        @SuppressWarnings("unchecked")
        List<SeriesError>[] errors = new List[n];
        boolean timedOut = false;
        while (pending > 0) {
            Response r;
            try {
                long wait = deadline - System.nanoTime();
                r = wait > 0 ? responses.poll(wait, TimeUnit.NANOSECONDS) : responses.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                timedOut = true;
                break;
            }
            if (r == null) {
                timedOut = true;
                break;
            }
            pending--;
            for (int k = 0; k < r.seriesIds.length; k++) {
                int id = r.seriesIds[k];
                SeriesError e = r.localOutcome != null ? r.localOutcome.error(k) : r.remoteError;
                if (e == null) {
                    successes[id]++;
                } else {
                    failures[id]++;
                    if (errors[id] == null) {
                        errors[id] = new ArrayList<>(replicas.length);
                    }
                    errors[id].add(e);
                }
            }
            if (determined(successes, failures, successThreshold, failureThreshold)) {
                break;
            }
        }
        return finish(series, successes, failures, errors, successThreshold, failureThreshold, timedOut);
    }

    /** Adds each series' index to the group of every endpoint holding one of its replicas. */
    private static void groupByHash(Hashring ring, String tenant, SeriesBatch series, int[] replicas,
            Map<Target, IntList> groups) throws InsufficientNodesException {
        SeriesHash hasher = SeriesHash.perThread();
        for (int i = 0, n = series.size(); i < n; i++) {
            hasher.begin(tenant);
            series.hashLabels(i, hasher);
            long h = hasher.finish();
            for (int r : replicas) {
                groups.computeIfAbsent(new Target(ring.endpoint(h, r), r), k -> new IntList()).add(i);
            }
        }
    }

    private static boolean determined(int[] successes, int[] failures, int successThreshold, int failureThreshold) {
        for (int i = 0; i < successes.length; i++) {
            if (successes[i] < successThreshold && failures[i] < failureThreshold) {
                return false;
            }
        }
        return true;
    }

    private RouteResult finish(SeriesBatch series, int[] successes, int[] failures, List<SeriesError>[] errors,
            int successThreshold, int failureThreshold, boolean timedOut) {
        int n = series.size();
        SeriesError[] result = new SeriesError[n];
        EnumMap<ErrorKind, Integer> causes = new EnumMap<>(ErrorKind.class);
        Set<String> messages = new LinkedHashSet<>();
        long samples = 0;
        for (int i = 0; i < n; i++) {
            if (successes[i] >= successThreshold) {
                samples += series.sampleCount(i);
                continue;
            }
            SeriesError e;
            if (failures[i] >= failureThreshold) {
                e = seriesCause(errors[i], successThreshold);
            } else {
                e = new SeriesError(ErrorKind.UNAVAILABLE, timedOut
                        ? "quorum not reached before the forward deadline (" + successes[i] + " of " + successThreshold
                                + " replicas written)"
                        : "quorum not reached");
            }
            result[i] = e;
            causes.merge(e.kind(), 1, Integer::sum);
            messages.add(e.message());
        }
        if (causes.isEmpty()) {
            return new RouteResult(null, "", result, samples);
        }
        ErrorKind cause = causes.keySet().iterator().next(); // EnumMap iterates in precedence order
        return new RouteResult(cause, joinMessages(messages), result, samples);
    }

    /**
     * Thanos's {@code replicationErrors.Cause}: the most frequent known cause if it occurred at least
     * {@code threshold} times, else internal once there are {@code threshold} errors.
     */
    private static SeriesError seriesCause(List<SeriesError> errors, int threshold) {
        EnumMap<ErrorKind, Integer> counts = new EnumMap<>(ErrorKind.class);
        for (SeriesError e : errors) {
            counts.merge(e.kind(), 1, Integer::sum);
        }
        ErrorKind best = null;
        int bestCount = 0;
        for (ErrorKind k : new ErrorKind[] {ErrorKind.CONFLICT, ErrorKind.INVALID, ErrorKind.NOT_READY,
                ErrorKind.UNAVAILABLE}) {
            int c = counts.getOrDefault(k, 0);
            if (c > bestCount) {
                best = k;
                bestCount = c;
            }
        }
        if (best != null && bestCount >= threshold) {
            for (SeriesError e : errors) {
                if (e.kind() == best) {
                    return e;
                }
            }
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (SeriesError e : errors) {
            reasons.add(e.message());
        }
        return new SeriesError(ErrorKind.INTERNAL, joinMessages(reasons));
    }

    private static String joinMessages(Set<String> messages) {
        List<String> sorted = new ArrayList<>(messages);
        sorted.sort(null);
        StringBuilder b = new StringBuilder();
        if (sorted.size() > 1) {
            b.append(sorted.size()).append(" errors: ");
        }
        for (int i = 0; i < sorted.size() && i < MAX_MESSAGES; i++) {
            if (i > 0) {
                b.append("; ");
            }
            b.append(sorted.get(i));
        }
        if (sorted.size() > MAX_MESSAGES) {
            b.append("; and ").append(sorted.size() - MAX_MESSAGES).append(" more");
        }
        return b.toString();
    }

    private SeriesError forward(Target target, String tenant, SeriesBatch series, boolean alreadyReplicated,
            long deadline) {
        List<TimeSeries> batch = series.toTimeSeries();
        long backoff = INITIAL_BACKOFF_NANOS;
        while (true) {
            try {
                peers.write(target.endpoint(), tenant, target.replica() + 1L, batch, deadline);
                metrics.forwarded(true, alreadyReplicated);
                return null;
            } catch (PeerWriteException e) {
                metrics.forwarded(false, alreadyReplicated);
                long left = deadline - System.nanoTime();
                if (!e.transientFailure() || left <= backoff) {
                    return new SeriesError(e.kind(), e.getMessage());
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return new SeriesError(e.kind(), e.getMessage());
                }
                backoff = Math.min(backoff * 2, maxBackoffNanos);
            } catch (RuntimeException e) {
                metrics.forwarded(false, alreadyReplicated);
                return new SeriesError(ErrorKind.INTERNAL, "forwarding request to endpoint " + target.endpoint() + ": " + e);
            }
        }
    }

    /**
     * Lets forwards still running in the background (those a request no longer waited for once its quorum
     * was reached) finish within their deadline, so a graceful stop does not leave a replica without data
     * the sender was told is written; then stops whatever is left.
     */
    @Override
    public void close() {
        forwards.shutdown();
        try {
            if (!forwards.awaitTermination(forwardTimeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)) {
                forwards.shutdownNow();
            }
        } catch (InterruptedException e) {
            forwards.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[8];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        static IntList range(int n) {
            IntList l = new IntList();
            l.a = new int[Math.max(n, 1)];
            for (int i = 0; i < n; i++) {
                l.a[i] = i;
            }
            l.size = n;
            return l;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
