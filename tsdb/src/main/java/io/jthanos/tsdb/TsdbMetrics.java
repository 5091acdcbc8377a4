package io.jthanos.tsdb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The database's metrics with Prometheus's names ({@code tsdb/db.go} {@code newDBMetrics}, {@code compact.go}). */
final class TsdbMetrics {
    final AtomicInteger blocksLoaded = new AtomicInteger();
    final Counter compactions;
    final Counter compactionsFailed;
    final Counter compactionsTriggered;
    final Timer compactionDuration;
    final Counter reloads;
    final Counter reloadsFailed;
    final Counter timeRetentions;

    TsdbMetrics(MeterRegistry r) {
        r.gauge("prometheus_tsdb_blocks_loaded", blocksLoaded);
        compactions = Counter.builder("prometheus_tsdb_compactions_total").description("Total number of compactions that were executed for the partition.").register(r);
        compactionsFailed = Counter.builder("prometheus_tsdb_compactions_failed_total").description("Total number of compactions that failed for the partition.").register(r);
        compactionsTriggered = Counter.builder("prometheus_tsdb_compactions_triggered_total").description("Total number of triggered compactions for the partition.").register(r);
        compactionDuration = Timer.builder("prometheus_tsdb_compaction_duration_seconds").description("Duration of compaction runs").register(r);
        reloads = Counter.builder("prometheus_tsdb_reloads_total").description("Number of times the database reloaded block data from disk.").register(r);
        reloadsFailed = Counter.builder("prometheus_tsdb_reloads_failures_total").description("Number of times the database failed to reloadBlocks block data from disk.").register(r);
        timeRetentions = Counter.builder("prometheus_tsdb_time_retentions_total").description("The number of times that blocks were deleted because the maximum time limit was exceeded.").register(r);
    }
}
