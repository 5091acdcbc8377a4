package io.jthanos.receive.tsdb;

import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a tenant as a {@link Tsdb} (head + WAL + local blocks, cut every block duration) in
 * {@code <tsdb.path>/<tenant>}. Like {@link HeadTenantDbFactory}, each tenant gets its own meter registry
 * until tsdb metrics carry a tenant tag.
 */
public final class TsdbTenantDbFactory implements TenantDb.Factory {
    private final TsdbOptions options;

    public TsdbTenantDbFactory(TsdbOptions options) {
        this.options = options;
    }

    @Override
    public TenantDb open(String tenant, Path dir) throws IOException {
        Files.createDirectories(dir);
        Tsdb db = Tsdb.open(dir, options, new SimpleMeterRegistry());
        return TenantDb.of(db, db, db::minTime, db::maxTime, () -> db.head().numSeries(), db::close);
    }
}
