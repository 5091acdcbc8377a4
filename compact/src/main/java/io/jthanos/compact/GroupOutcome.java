package io.jthanos.compact;

/**
 * What one pass over a {@link CompactionGroup} did.
 *
 * @param groupKey the group
 * @param kind what happened
 * @param message for {@link Kind#STUCK} and {@link Kind#FAILED}: what is wrong, the blocks involved and
 *     the fix; otherwise a short summary
 * @param newBlock the ULID of the block created, or {@code null}
 */
public record GroupOutcome(String groupKey, Kind kind, String message, String newBlock) {
    /** The possible results of a group pass. */
    public enum Kind {
        /** Nothing to compact. */
        NOTHING,
        /** A block was compacted and uploaded, its sources marked for deletion. */
        COMPACTED,
        /** Planned blocks held no samples; they were marked for deletion. */
        EMPTY,
        /** Skipped because of overlapping blocks without vertical compaction; others continue. */
        STUCK,
        /** An error (I/O, bucket) ended the pass; retried on the next iteration. */
        FAILED,
        /**
         * A source block is corrupt: a critical error on which Thanos halts the compactor
         * ({@code --debug.halt-on-error}) rather than retry forever.
         */
        CRITICAL
    }

    /** Whether another pass over the bucket may find more to do. */
    public boolean rerun() {
        return kind == Kind.COMPACTED || kind == Kind.EMPTY;
    }
}
