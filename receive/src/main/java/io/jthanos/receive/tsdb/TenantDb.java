package io.jthanos.receive.tsdb;

import io.jthanos.storage.Appendable;
import io.jthanos.storage.ChunkQueryable;
import java.io.Closeable;
import java.util.function.LongSupplier;

/**
 * The storage of one tenant as receive uses it: where samples are appended and what the StoreAPI
 * reads. Implemented today over a {@code Head}; the {@code Tsdb} façade (head + blocks) replaces it
 * without changes here.
 */
public interface TenantDb extends Closeable {
    /** Where samples are appended; commit makes them durable (written to the WAL, fsynced per the durability mode). */
    Appendable appendable();

    /** What the tenant's StoreAPI serves. */
    ChunkQueryable queryable();

    /** Earliest timestamp held, {@code Long.MAX_VALUE} when empty. */
    long minTime();

    /** Latest timestamp held, {@code Long.MIN_VALUE} when empty. */
    long maxTime();

    /** Number of active (head) series, for the head-series limit. */
    long numSeries();

    /**
     * The head's cardinality stats for {@code /api/v1/status/tsdb} ({@link io.jthanos.tsdb.head.Head#stats}); storages
     * without a head index report their size and time range only.
     */
    default io.jthanos.tsdb.head.HeadStats stats(String label, int limit) {
        return io.jthanos.tsdb.head.HeadStats.of(numSeries(), minTime(), maxTime());
    }

    /**
     * Restricts which local blocks retention may delete (receive keeps blocks its shipper has not
     * uploaded). Storages without local blocks ignore it.
     */
    default void setRetentionFilter(java.util.function.Predicate<io.jthanos.tsdb.block.BlockMeta> mayDelete) {}

    /**
     * Writes what the head holds into a block, however short, so that it can be shipped (receive does
     * this before it stops). Storages without blocks ignore it.
     */
    default void flush() throws java.io.IOException {}

    /** Opens the storage of one tenant. */
    @FunctionalInterface
    interface Factory {
        TenantDb open(String tenant, java.nio.file.Path dir) throws java.io.IOException;
    }

    /** Adapts an appendable + queryable pair (tests, embedding); its stats have no postings lists. */
    static TenantDb of(Appendable appendable, ChunkQueryable queryable, LongSupplier minTime, LongSupplier maxTime,
            LongSupplier numSeries, Closeable closer) {
        return of(appendable, queryable, minTime, maxTime, numSeries,
                (label, limit) -> io.jthanos.tsdb.head.HeadStats.of(numSeries.getAsLong(), minTime.getAsLong(), maxTime.getAsLong()),
                closer);
    }

    /** Adapts an appendable + queryable pair and the function that makes its stats. */
    static TenantDb of(Appendable appendable, ChunkQueryable queryable, LongSupplier minTime, LongSupplier maxTime,
            LongSupplier numSeries, java.util.function.BiFunction<String, Integer, io.jthanos.tsdb.head.HeadStats> stats,
            Closeable closer) {
        return new TenantDb() {
            @Override
            public Appendable appendable() {
                return appendable;
            }

            @Override
            public ChunkQueryable queryable() {
                return queryable;
            }

            @Override
            public long minTime() {
                return minTime.getAsLong();
            }

            @Override
            public long maxTime() {
                return maxTime.getAsLong();
            }

            @Override
            public long numSeries() {
                return numSeries.getAsLong();
            }

            @Override
            public io.jthanos.tsdb.head.HeadStats stats(String label, int limit) {
                return stats.apply(label, limit);
            }

            @Override
            public void close() throws java.io.IOException {
                closer.close();
            }
        };
    }
}
