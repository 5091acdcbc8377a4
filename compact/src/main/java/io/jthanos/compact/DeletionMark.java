package io.jthanos.compact;

/**
 * {@code <ULID>/deletion-mark.json} (Thanos {@code metadata.DeletionMark}): the block will be deleted
 * once {@code deletionTime + --delete-delay} has passed. Readers stop using a marked block.
 *
 * @param id the block's ULID
 * @param version marker version, 1
 * @param details why the block was marked, for humans
 * @param deletionTime when the mark was made, in Unix seconds
 */
public record DeletionMark(String id, int version, String details, long deletionTime) {
    /** The marker's object name inside a block directory. */
    public static final String FILE_NAME = "deletion-mark.json";
}
