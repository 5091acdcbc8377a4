package io.jthanos.compact;

import java.util.List;
import java.util.Map;

/**
 * What one {@link Compactor#runIteration()} did.
 *
 * @param compactions blocks created by compaction
 * @param downsamples blocks created by downsampling
 * @param retentionMarked blocks marked for deletion by retention
 * @param cleaned blocks deleted (marked past the delay, or aborted partial uploads)
 * @param stuckGroups groups skipped because of overlapping blocks, with the message naming the blocks
 *     and the fix, by group key
 * @param failures errors of this iteration (groups and blocks are retried next time)
 */
public record IterationResult(int compactions, int downsamples, int retentionMarked, int cleaned,
        Map<String, String> stuckGroups, List<String> failures) {
    public IterationResult {
        stuckGroups = Map.copyOf(stuckGroups);
        failures = List.copyOf(failures);
    }

    /** Whether everything that was tried succeeded (stuck groups are not failures). */
    public boolean ok() {
        return failures.isEmpty();
    }
}
