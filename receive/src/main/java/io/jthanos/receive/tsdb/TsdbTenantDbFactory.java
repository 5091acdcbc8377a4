package io.jthanos.receive.tsdb;

import io.jthanos.storage.Appendable;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

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
        return new TenantDb() {
            @Override
            public Appendable appendable() {
                return db;
            }

            @Override
            public ChunkQueryable queryable() {
                return db;
            }

            @Override
            public long minTime() {
                return db.minTime();
            }

            @Override
            public long maxTime() {
                return db.maxTime();
            }

            @Override
            public long numSeries() {
                return db.head().numSeries();
            }

            @Override
            public void setRetentionFilter(Predicate<BlockMeta> mayDelete) {
                db.setRetentionFilter(mayDelete);
            }

            @Override
            public void flush() throws IOException {
                db.flushHead();
            }

            @Override
            public void close() throws IOException {
                db.close();
            }
        };
    }
}
