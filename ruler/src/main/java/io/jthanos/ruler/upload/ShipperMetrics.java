package io.jthanos.ruler.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The shipper's metrics, with Thanos's names and help texts ({@code pkg/shipper/shipper.go} {@code newMetrics}). */
public final class ShipperMetrics {
    final Counter dirSyncs;
    final Counter dirSyncFailures;
    final Counter uploads;
    final Counter uploadFailures;
    private final AtomicLong lastSuccessfulUpload = new AtomicLong();

    public ShipperMetrics(MeterRegistry registry) {
        dirSyncs = Counter.builder("thanos_shipper_dir_syncs_total").description("Total number of dir syncs")
                .register(registry);
        dirSyncFailures = Counter.builder("thanos_shipper_dir_sync_failures_total")
                .description("Total number of failed dir syncs").register(registry);
        uploads = Counter.builder("thanos_shipper_uploads_total").description("Total number of uploaded blocks")
                .register(registry);
        uploadFailures = Counter.builder("thanos_shipper_upload_failures_total")
                .description("Total number of block upload failures").register(registry);
        Gauge.builder("thanos_shipper_last_successful_upload_time", lastSuccessfulUpload, AtomicLong::get)
                .description("Unix timestamp (in seconds) of the last successful TSDB block uploaded to the bucket.")
                .register(registry);
    }

    void uploaded(long epochSeconds) {
        uploads.increment();
        lastSuccessfulUpload.set(epochSeconds);
    }
}
