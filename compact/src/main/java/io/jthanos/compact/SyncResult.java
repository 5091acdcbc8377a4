package io.jthanos.compact;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link MetaSyncer#sync()} found in the bucket.
 *
 * @param metas blocks to work with: complete, past the consistency delay, selected, and not marked for
 *     deletion, by ULID
 * @param partial ULIDs of block directories without a readable {@code meta.json}
 * @param deletionMarks deletion marks, by ULID, including those of partial blocks (interrupted deletions)
 * @param noCompactMarks no-compact marks of the blocks in {@code metas}, by ULID
 * @param noDownsample ULIDs of blocks in {@code metas} carrying a no-downsample mark
 * @param tooFresh ULIDs of complete blocks held back by the consistency delay
 */
public record SyncResult(Map<String, BlockMeta> metas, Set<String> partial, Map<String, DeletionMark> deletionMarks,
        Map<String, NoCompactMark> noCompactMarks, Set<String> noDownsample, Set<String> tooFresh) {
    public SyncResult {
        metas = Map.copyOf(metas);
        partial = Set.copyOf(partial);
        deletionMarks = Map.copyOf(deletionMarks);
        noCompactMarks = Map.copyOf(noCompactMarks);
        noDownsample = Set.copyOf(noDownsample);
        tooFresh = Set.copyOf(tooFresh);
    }
}
