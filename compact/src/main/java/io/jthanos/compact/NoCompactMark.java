package io.jthanos.compact;

/**
 * {@code <ULID>/no-compact-mark.json} (Thanos {@code metadata.NoCompactMark}): the planner leaves the
 * block out of compactions, without introducing gaps in the ranges it plans.
 *
 * @param id the block's ULID
 * @param version marker version, 1
 * @param details human-readable details
 * @param noCompactTime when the mark was made, in Unix seconds
 * @param reason one of {@code manual}, {@code index-size-exceeding},
 *     {@code block-index-out-of-order-chunk}, {@code downsample-vertical-compaction}
 */
public record NoCompactMark(String id, int version, String details, long noCompactTime, String reason) {
    /** The marker's object name inside a block directory. */
    public static final String FILE_NAME = "no-compact-mark.json";
}
