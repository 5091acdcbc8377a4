package io.jthanos.tsdb.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A WAL segment that cannot be read past {@link #offset()}: a torn write, a CRC mismatch or garbage.
 * Everything before {@code offset} is intact, so {@link WalWriter#repair} can cut the log there.
 */
public final class WalCorruptionException extends IOException {
    private final Path dir;
    private final int segment;
    private final long offset;

    public WalCorruptionException(Path dir, int segment, long offset, String detail) {
        super("corruption in WAL segment " + dir.resolve(WalFormat.segmentName(segment)) + " at offset " + offset + ": " + detail);
        this.dir = dir;
        this.segment = segment;
        this.offset = offset;
    }

    /** The directory holding the segment. */
    public Path dir() {
        return dir;
    }

    /** Index of the damaged segment. */
    public int segment() {
        return segment;
    }

    /** The end of the last intact record in the segment, where the damage begins. */
    public long offset() {
        return offset;
    }
}
