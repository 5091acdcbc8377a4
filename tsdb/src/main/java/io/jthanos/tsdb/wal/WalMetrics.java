package io.jthanos.tsdb.wal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The WAL's metrics, with Prometheus's names ({@code tsdb/wlog/wlog.go} {@code newWLMetrics}). */
public final class WalMetrics {
    final Timer fsyncDuration;
    final Counter pageFlushes;
    final Counter pageCompletions;
    final Counter writesFailed;
    final Counter truncateTotal;
    final Counter truncateFailed;
    final Counter corruptions;
    final Counter checkpointCreations;
    final Counter checkpointCreationsFailed;
    final AtomicInteger currentSegment = new AtomicInteger();

    public WalMetrics(MeterRegistry registry) {
        fsyncDuration = Timer.builder("prometheus_tsdb_wal_fsync_duration_seconds")
                .description("Duration of write log fsync.").register(registry);
        pageFlushes = Counter.builder("prometheus_tsdb_wal_page_flushes_total")
                .description("Total number of page flushes.").register(registry);
        pageCompletions = Counter.builder("prometheus_tsdb_wal_completed_pages_total")
                .description("Total number of completed pages.").register(registry);
        writesFailed = Counter.builder("prometheus_tsdb_wal_writes_failed_total")
                .description("Total number of write log writes that failed.").register(registry);
        truncateTotal = Counter.builder("prometheus_tsdb_wal_truncations_total")
                .description("Total number of write log truncations attempted.").register(registry);
        truncateFailed = Counter.builder("prometheus_tsdb_wal_truncations_failed_total")
                .description("Total number of write log truncations that failed.").register(registry);
        corruptions = Counter.builder("prometheus_tsdb_wal_corruptions_total")
                .description("Total number of WAL corruptions.").register(registry);
        checkpointCreations = Counter.builder("prometheus_tsdb_checkpoint_creations_total")
                .description("Total number of checkpoint creations attempted.").register(registry);
        checkpointCreationsFailed = Counter.builder("prometheus_tsdb_checkpoint_creations_failed_total")
                .description("Total number of checkpoint creations that failed.").register(registry);
        registry.gauge("prometheus_tsdb_wal_segment_current", currentSegment);
    }

    /** Counter of corruptions found, for the head's replay. */
    public Counter corruptionsCounter() {
        return corruptions;
    }

    /** Metrics that go nowhere, for tests and tools. */
    public static WalMetrics noop() {
        return new WalMetrics(new SimpleMeterRegistry());
    }
}
