package io.jthanos.tsdb.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link WalWriter}.
 *
 * @param segmentSize target size of a segment file in bytes, a multiple of the 32 KiB page; a record
 *     never spans segments, so a record larger than a segment makes that segment larger
 * @param durability when a commit counts as durable
 * @param syncInterval fsync period for {@link DurabilityMode#BATCHED_INTERVAL}
 */
public record WalOptions(int segmentSize, DurabilityMode durability, Duration syncInterval) {
    /** Prometheus's default segment size, 128 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 128 * 1024 * 1024;

    public WalOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (segmentSize < WalFormat.PAGE_SIZE || segmentSize % WalFormat.PAGE_SIZE != 0) {
            throw new IllegalArgumentException("segment size must be a positive multiple of " + WalFormat.PAGE_SIZE + ": " + segmentSize);
        }
    }

    /** 128 MiB segments, fsync on each commit. */
    public static WalOptions defaults() {
        return new WalOptions(DEFAULT_SEGMENT_SIZE, DurabilityMode.FSYNC_EACH_COMMIT, Duration.ofSeconds(1));
    }

    public WalOptions withSegmentSize(int bytes) {
        return new WalOptions(bytes, durability, syncInterval);
    }

    public WalOptions withDurability(DurabilityMode mode) {
        return new WalOptions(segmentSize, mode, syncInterval);
    }
}
