package io.jthanos.tsdb;

import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Tsdb}, named after Prometheus's flags.
 *
 * @param blockDuration the block range and head chunk range ({@code --storage.tsdb.min-block-duration},
 *     2h); the head is cut into a block when it spans more than 1.5 times this
 * @param retention how long persisted blocks are kept, measured from the newest block's end
 *     ({@code --storage.tsdb.retention.time}, 15d); zero keeps everything
 * @param outOfOrderWindow how far behind a series' newest sample a sample may still be appended
 *     ({@code out_of_order_time_window}); only zero is supported yet: out-of-order samples are
 *     rejected with {@code OUT_OF_ORDER}
 * @param durability when a commit counts as durable; see {@link DurabilityMode}
 * @param walSegmentSize WAL segment size in bytes ({@code --storage.tsdb.wal-segment-size}, 128 MiB)
 * @param walSyncInterval fsync period for {@link DurabilityMode#BATCHED_INTERVAL}
 * @param compactionInterval how often a background thread checks whether the head should be cut into
 *     a block (Prometheus: every minute); zero disables the thread and leaves {@link Tsdb#compact()}
 *     to the caller
 */
public record TsdbOptions(Duration blockDuration, Duration retention, Duration outOfOrderWindow, DurabilityMode durability,
        int walSegmentSize, Duration walSyncInterval, Duration compactionInterval) {
    public TsdbOptions {
        Objects.requireNonNull(blockDuration, "blockDuration");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(outOfOrderWindow, "outOfOrderWindow");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(walSyncInterval, "walSyncInterval");
        Objects.requireNonNull(compactionInterval, "compactionInterval");
        if (blockDuration.toMillis() <= 0) {
            throw new IllegalArgumentException("block duration must be positive: " + blockDuration);
        }
        if (!outOfOrderWindow.isZero()) {
            throw new IllegalArgumentException("out-of-order ingestion is not supported yet; the window must be 0");
        }
    }

    /** Prometheus's defaults: 2h blocks, 15d retention, no out-of-order window, fsync on each commit. */
    public static TsdbOptions defaults() {
        return new TsdbOptions(Duration.ofHours(2), Duration.ofDays(15), Duration.ZERO, DurabilityMode.FSYNC_EACH_COMMIT,
                WalOptions.DEFAULT_SEGMENT_SIZE, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    public TsdbOptions withBlockDuration(Duration d) {
        return new TsdbOptions(d, retention, outOfOrderWindow, durability, walSegmentSize, walSyncInterval, compactionInterval);
    }

    public TsdbOptions withRetention(Duration d) {
        return new TsdbOptions(blockDuration, d, outOfOrderWindow, durability, walSegmentSize, walSyncInterval, compactionInterval);
    }

    public TsdbOptions withDurability(DurabilityMode mode) {
        return new TsdbOptions(blockDuration, retention, outOfOrderWindow, mode, walSegmentSize, walSyncInterval, compactionInterval);
    }

    public TsdbOptions withWalSegmentSize(int bytes) {
        return new TsdbOptions(blockDuration, retention, outOfOrderWindow, durability, bytes, walSyncInterval, compactionInterval);
    }

    public TsdbOptions withCompactionInterval(Duration d) {
        return new TsdbOptions(blockDuration, retention, outOfOrderWindow, durability, walSegmentSize, walSyncInterval, d);
    }

    WalOptions walOptions() {
        return new WalOptions(walSegmentSize, durability, walSyncInterval);
    }
}
