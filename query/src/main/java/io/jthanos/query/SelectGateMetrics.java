package io.jthanos.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The select gate's metrics, shared by the gates of all queries (Thanos's {@code gate.NewGateFactory} with
 * the prefix {@code thanos_query_concurrent_selects_} and the operation {@code selects}):
 * {@code thanos_query_concurrent_selects_gate_selects_max} (the limit),
 * {@code ..._gate_selects_in_flight} (selects past the gate and fanning out),
 * {@code ..._gate_selects_total} (selects that came to the gate) and
 * {@code ..._gate_selects_duration_seconds} (how long they waited there, Thanos's buckets).
 */
public final class SelectGateMetrics {
    private static final String PREFIX = "thanos_query_concurrent_selects_gate_selects";
    private static final double[] BUCKETS = {0.01, 0.1, 0.3, 0.6, 1, 3, 6, 9, 20, 30, 60, 90, 120, 240, 360, 720};

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter total;
    private final Timer waits;

    /**
     * @param maxConcurrentSelects the per-query limit ({@code --query.max-concurrent-select})
     */
    public SelectGateMetrics(MeterRegistry registry, int maxConcurrentSelects) {
        Gauge.builder(PREFIX + "_max", () -> maxConcurrentSelects)
                .description("Maximum number of concurrent selects.").register(registry);
        Gauge.builder(PREFIX + "_in_flight", inFlight, AtomicInteger::get)
                .description("Number of selects that are currently in flight.").register(registry);
        total = Counter.builder(PREFIX).description("Total number of selects.").register(registry);
        Duration[] slos = new Duration[BUCKETS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos((long) (BUCKETS[i] * 1e9));
        }
        waits = Timer.builder(PREFIX + "_duration").description("How many seconds it took for selects to wait at the gate.")
                .serviceLevelObjectives(slos).register(registry);
    }

    void arrived() {
        total.increment();
    }

    /** A select waited {@code nanos} at the gate, whether it then passed or gave up. */
    void waited(long nanos) {
        waits.record(nanos, TimeUnit.NANOSECONDS);
    }

    void entered() {
        inFlight.incrementAndGet();
    }

    void left() {
        inFlight.decrementAndGet();
    }
}
