package io.jthanos.tsdb.head;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The head's metrics with Prometheus's names ({@code tsdb/head.go} {@code newHeadMetrics}). Two are missing:
 * {@code prometheus_tsdb_head_series_created_total} and {@code prometheus_tsdb_head_chunks_created_total}. The Java
 * Prometheus client reserves the {@code _created} suffix (OpenMetrics' created timestamps), reads both as the
 * gauges {@code prometheus_tsdb_head_series} and {@code prometheus_tsdb_head_chunks}, and drops them with a warning.
 */
final class HeadMetrics {
    final AtomicLong series = new AtomicLong();
    final AtomicLong chunks = new AtomicLong();
    final Counter seriesRemoved;
    final Counter samplesAppended;
    final Counter outOfOrderSamples;
    final Counter outOfBoundSamples;
    final Counter duplicateSamples;
    final Counter truncations;
    final Timer gcDuration;
    final Timer walTruncateDuration;
    final Timer replayDuration;

    HeadMetrics(MeterRegistry r, Head head) {
        Gauge.builder("prometheus_tsdb_head_series", series, AtomicLong::get).description("Total number of series in the head block.").register(r);
        Gauge.builder("prometheus_tsdb_head_chunks", chunks, AtomicLong::get).description("Total number of chunks in the head block.").register(r);
        Gauge.builder("prometheus_tsdb_head_min_time", head, Head::minTime).description("Minimum time bound of the head block.").register(r);
        Gauge.builder("prometheus_tsdb_head_max_time", head, Head::maxTime).description("Maximum timestamp of the head block.").register(r);
        seriesRemoved = Counter.builder("prometheus_tsdb_head_series_removed_total").description("Total number of series removed in the head").register(r);
        samplesAppended = Counter.builder("prometheus_tsdb_head_samples_appended_total").tag("type", "float")
                .description("Total number of appended samples.").register(r);
        outOfOrderSamples = Counter.builder("prometheus_tsdb_out_of_order_samples_total").tag("type", "float")
                .description("Total number of out of order samples ingestion failed attempts due to out of order being disabled.").register(r);
        outOfBoundSamples = Counter.builder("prometheus_tsdb_out_of_bound_samples_total").tag("type", "float")
                .description("Total number of out of bound samples ingestion failed attempts with out of order support disabled.").register(r);
        duplicateSamples = Counter.builder("jthanos_tsdb_head_duplicate_samples_total").tag("type", "float")
                .description("Samples rejected as a duplicate timestamp with a different value.").register(r);
        truncations = Counter.builder("prometheus_tsdb_head_truncations_total").description("Total number of head truncations attempted.").register(r);
        gcDuration = Timer.builder("prometheus_tsdb_head_gc_duration_seconds").description("Runtime of garbage collection in the head block.").register(r);
        walTruncateDuration = Timer.builder("prometheus_tsdb_wal_truncate_duration_seconds").description("Duration of WAL truncation.").register(r);
        replayDuration = Timer.builder("prometheus_tsdb_data_replay_duration_seconds").description("Time taken to replay the data on disk.").register(r);
    }
}
