package io.jthanos.receive.tsdb;

import io.jthanos.storage.Appendable;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.tsdb.Tsdb;
import io.jthanos.tsdb.TsdbOptions;
import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.wal.DurabilityMode;
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
    /**
     * Receive's WAL durability unless configured otherwise ({@code --tsdb.wal-fsync=interval}): a commit,
     * and so a 2xx, comes after the samples are written to the WAL file, which a crash of the process
     * cannot take back; a background fsync every second bounds what a power loss can. Prometheus and
     * Thanos fsync only when a segment is completed; an fsync per request would bound a sender to one
     * request per disk flush per connection.
     */
    public static final DurabilityMode DEFAULT_DURABILITY = DurabilityMode.BATCHED_INTERVAL;

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
            public io.jthanos.tsdb.head.HeadStats stats(String label, int limit) {
                return db.head().stats(label, limit);
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
