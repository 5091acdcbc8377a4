package io.jthanos.receive.tsdb;

import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a tenant as a WAL-backed {@link Head} in {@code <tsdb.path>/<tenant>}. Each head gets its own
 * meter registry: head metrics carry no tenant tag yet, and sharing one registry would bind the gauges
 * to the first tenant's head.
 */
public final class HeadTenantDbFactory implements TenantDb.Factory {
    private final HeadOptions options;

    public HeadTenantDbFactory(HeadOptions options) {
        this.options = options;
    }

    @Override
    public TenantDb open(String tenant, Path dir) throws IOException {
        Files.createDirectories(dir);
        Head head = Head.open(dir, options, Long.MIN_VALUE, new SimpleMeterRegistry());
        return TenantDb.of(head, head, head::minTime, head::maxTime, head::numSeries, head::stats, head::close);
    }
}
