package io.jthanos.store.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters of Thanos's memcached client, all tagged {@code name} with the client's name:
 * {@code thanos_memcached_operations_total{operation}}, {@code ..._operation_failures_total{operation,reason}},
 * {@code ..._operation_skipped_total{operation,reason}}, {@code ..._operation_duration_seconds{operation}} and
 * {@code ..._operation_data_size_bytes{operation}} (histograms with Thanos's buckets), and
 * {@code thanos_memcached_client_info}, 1 labelled with the configuration. Operations are {@code getmulti} (one
 * request to one server) and {@code set}. Micrometer's Prometheus registry adds {@code _total} to counters and
 * {@code _seconds} to timers, so the names here leave them out; it drops {@code _info} from a gauge's name unless
 * the name ends in {@code .info}, which makes it an info metric.
 */
final class MemcachedMetrics {
    enum Operation {
        GET_MULTI("getmulti"),
        SET("set");

        final String label;

        Operation(String label) {
            this.label = label;
        }
    }

    private static final double[] DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 3, 6, 10};
    private static final double[] SIZE_BUCKETS = {32, 256, 512, 1024, 32 << 10, 256 << 10, 512 << 10, 1 << 20,
            32 << 20, 256 << 20, 512 << 20};

    private final Map<Operation, Counter> operations = new EnumMap<>(Operation.class);
    private final Map<Operation, Map<FailureReason, Counter>> failures = new EnumMap<>(Operation.class);
    private final Map<Operation, Timer> durations = new EnumMap<>(Operation.class);
    private final Map<Operation, DistributionSummary> dataSizes = new EnumMap<>(Operation.class);
    private final Counter skippedTooLarge;
    private final Counter skippedBufferFull;

    MemcachedMetrics(MeterRegistry registry, String name, MemcachedConfig config) {
        Duration[] slos = new Duration[DURATION_BUCKETS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos((long) (DURATION_BUCKETS[i] * 1e9));
        }
        for (Operation op : Operation.values()) {
            Tags tags = Tags.of("name", name, "operation", op.label);
            operations.put(op, Counter.builder("thanos_memcached_operations").tags(tags)
                    .description("Total number of operations against memcached.").register(registry));
            Map<FailureReason, Counter> byReason = new EnumMap<>(FailureReason.class);
            for (FailureReason reason : FailureReason.values()) {
                byReason.put(reason, Counter.builder("thanos_memcached_operation_failures").tags(tags)
                        .tag("reason", reason.label)
                        .description("Total number of operations against memcached that failed.").register(registry));
            }
            failures.put(op, byReason);
            durations.put(op, Timer.builder("thanos_memcached_operation_duration").tags(tags)
                    .description("Duration of operations against memcached.")
                    .serviceLevelObjectives(slos).register(registry));
            dataSizes.put(op, DistributionSummary.builder("thanos_memcached_operation_data_size_bytes").tags(tags)
                    .description("Tracks the size of the data stored in and fetched from memcached.")
                    .serviceLevelObjectives(SIZE_BUCKETS).register(registry));
        }
        skipped(registry, name, Operation.GET_MULTI, "max-item-size");
        skippedTooLarge = skipped(registry, name, Operation.SET, "max-item-size");
        skippedBufferFull = skipped(registry, name, Operation.SET, "async-buffer-full");
        Gauge.builder("thanos_memcached_client.info", () -> 1)
                .tags("name", name,
                        "timeout", GoUnits.formatDuration(config.timeout()),
                        "max_idle_connections", Integer.toString(config.maxIdleConnections()),
                        "max_async_concurrency", Integer.toString(config.maxAsyncConcurrency()),
                        "max_async_buffer_size", Integer.toString(config.maxAsyncBufferSize()),
                        "max_item_size", Long.toString(config.maxItemSize()),
                        "max_get_multi_concurrency", Integer.toString(config.maxGetMultiConcurrency()),
                        "max_get_multi_batch_size", Integer.toString(config.maxGetMultiBatchSize()),
                        "dns_provider_update_interval", GoUnits.formatDuration(config.dnsProviderUpdateInterval()))
                .description("A metric with a constant '1' value labeled by configuration options from which "
                        + "memcached client was configured.")
                .strongReference(true).register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String name, Operation op, String reason) {
        return Counter.builder("thanos_memcached_operation_skipped")
                .tags("name", name, "operation", op.label, "reason", reason)
                .description("Total number of operations against memcached that have been skipped.").register(registry);
    }

    void attempted(Operation op) {
        operations.get(op).increment();
    }

    void failed(Operation op, FailureReason reason) {
        failures.get(op).get(reason).increment();
    }

    /** A successful operation: its duration and the bytes it stored or fetched. */
    void succeeded(Operation op, long nanos, long bytes) {
        durations.get(op).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        dataSizes.get(op).record(bytes);
    }

    void skippedTooLarge() {
        skippedTooLarge.increment();
    }

    void skippedBufferFull() {
        skippedBufferFull.increment();
    }
}
