package io.jthanos.store.shipper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shipper's metrics, with Thanos's names and help texts ({@code pkg/shipper/shipper.go}
 * {@code newMetrics}); receive registers one set per tenant with a {@code tenant} tag, as Thanos wraps
 * the registerer per tenant.
 */
public final class ShipperMetrics {
    final Counter dirSyncs;
    final Counter dirSyncFailures;
    final Counter uploads;
    final Counter uploadFailures;
    private final AtomicLong lastSuccessfulUploadSeconds = new AtomicLong();

    /** One untagged set (the ruler's). */
    public ShipperMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** One set tagged with {@code tenant} (receive's per-tenant shippers). */
    public ShipperMetrics(MeterRegistry registry, String tenant) {
        this(registry, Tags.of("tenant", tenant));
    }

    private ShipperMetrics(MeterRegistry registry, Tags tags) {
        dirSyncs = Counter.builder("thanos_shipper_dir_syncs_total").description("Total number of dir syncs")
                .tags(tags).register(registry);
        dirSyncFailures = Counter.builder("thanos_shipper_dir_sync_failures_total")
                .description("Total number of failed dir syncs").tags(tags).register(registry);
        uploads = Counter.builder("thanos_shipper_uploads_total")
                .description("Total number of uploaded blocks").tags(tags).register(registry);
        uploadFailures = Counter.builder("thanos_shipper_upload_failures_total")
                .description("Total number of block upload failures").tags(tags).register(registry);
        Gauge.builder("thanos_shipper_last_successful_upload_time", lastSuccessfulUploadSeconds, AtomicLong::get)
                .description("Unix timestamp (in seconds) of the last successful TSDB block uploaded to the bucket.")
                .tags(tags).register(registry);
    }

    void uploaded(long epochSeconds) {
        uploads.increment();
        lastSuccessfulUploadSeconds.set(epochSeconds);
    }

    /** Unix seconds of the last successful upload, 0 before the first. */
    public long lastSuccessfulUploadSeconds() {
        return lastSuccessfulUploadSeconds.get();
    }
}
