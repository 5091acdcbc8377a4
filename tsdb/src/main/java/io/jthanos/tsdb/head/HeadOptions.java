package io.jthanos.tsdb.head;

import io.jthanos.tsdb.wal.WalOptions;

/**
 * Settings of a {@link Head}.
 *
 * @param chunkRange the chunk range in milliseconds: chunks never span a multiple of it; equal to the
 *     block duration (2h by default) so that every chunk belongs to exactly one block
 * @param samplesPerChunk target samples per chunk, Prometheus's 120
 * @param wal the write-ahead log's settings, or {@code null} for a head without WAL (nothing survives
 *     a restart)
 * @param stripes number of lock stripes of the series map, a power of two
 */
public record HeadOptions(long chunkRange, int samplesPerChunk, WalOptions wal, int stripes) {
    public static final long DEFAULT_CHUNK_RANGE = 2 * 60 * 60 * 1000L;

    public HeadOptions {
        if (chunkRange <= 0) {
            throw new IllegalArgumentException("chunk range must be positive: " + chunkRange);
        }
        if (samplesPerChunk < 4) {
            throw new IllegalArgumentException("samples per chunk must be at least 4: " + samplesPerChunk);
        }
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
    }

    /** 2h chunk range, 120 samples per chunk, default WAL, 1024 stripes. */
    public static HeadOptions defaults() {
        return new HeadOptions(DEFAULT_CHUNK_RANGE, 120, WalOptions.defaults(), 1024);
    }

    public HeadOptions withChunkRange(long millis) {
        return new HeadOptions(millis, samplesPerChunk, wal, stripes);
    }

    public HeadOptions withWal(WalOptions options) {
        return new HeadOptions(chunkRange, samplesPerChunk, options, stripes);
    }

    public HeadOptions withoutWal() {
        return new HeadOptions(chunkRange, samplesPerChunk, null, stripes);
    }
}
