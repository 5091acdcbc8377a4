package io.jthanos.compact.merge;

/** How vertical compaction merges overlapping samples ({@code --deduplication.func}). */
public enum DedupFunc {
    /**
     * The default ({@code ""}): samples of all overlapping chunks merged by timestamp, one sample kept
     * per timestamp. Exact for identical replicas (receive replication), lossless otherwise.
     */
    EXACT,
    /** {@code penalty}: the querier's replica-switching algorithm, for scraped HA replicas. */
    PENALTY;

    /** The function for a {@code --deduplication.func} value. */
    public static DedupFunc fromFlag(String value) {
        return switch (value == null ? "" : value) {
            case "" -> EXACT;
            case "penalty" -> PENALTY;
            default -> throw new IllegalArgumentException(
                    "--deduplication.func must be \"\" (one-to-one) or \"penalty\", got \"" + value + "\"");
        };
    }
}
