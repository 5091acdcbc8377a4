package io.jthanos.compact;

/**
 * {@code <ULID>/no-downsample-mark.json} (Thanos {@code metadata.NoDownsampleMark}): the block is not
 * downsampled.
 *
 * @param id the block's ULID
 * @param version marker version, 1
 * @param details human-readable details
 * @param noDownsampleTime when the mark was made, in Unix seconds
 * @param reason why, e.g. {@code manual}
 */
public record NoDownsampleMark(String id, int version, String details, long noDownsampleTime, String reason) {
    /** The marker's object name inside a block directory. */
    public static final String FILE_NAME = "no-downsample-mark.json";
}
