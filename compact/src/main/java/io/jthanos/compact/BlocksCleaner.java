package io.jthanos.compact;

import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the compactor no longer needs (Thanos's {@code BlocksCleaner} and
 * {@code BestEffortCleanAbortedPartialUploads}): blocks whose deletion mark is older than
 * {@code --delete-delay}, and partial uploads (no {@code meta.json}) whose ULID is older than
 * {@code max(--consistency-delay, 48h)}. A partial block that carries a deletion mark is a deletion
 * interrupted half-way and is finished under the same delay rule as any marked block.
 */
public final class BlocksCleaner {
    /** Thanos's {@code PartialUploadThresholdAge}. */
    public static final Duration PARTIAL_UPLOAD_THRESHOLD = Duration.ofDays(2);

    private static final Logger LOG = LoggerFactory.getLogger(BlocksCleaner.class);

    private final Bucket bkt;
    private final Duration deleteDelay;
    private final Duration partialThreshold;
    private final CompactMetrics metrics;
    private final Clock clock;

    public BlocksCleaner(Bucket bkt, Duration deleteDelay, Duration consistencyDelay, CompactMetrics metrics, Clock clock) {
        this.bkt = bkt;
        this.deleteDelay = deleteDelay;
        this.partialThreshold = consistencyDelay.compareTo(PARTIAL_UPLOAD_THRESHOLD) > 0 ? consistencyDelay
                : PARTIAL_UPLOAD_THRESHOLD;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Deletes marked blocks past the delay and aborted partial uploads found by {@code sync}.
     *
     * @param failures receives a message per block that could not be deleted (retried next time)
     * @return the number of blocks deleted
     */
    public int clean(SyncResult sync, java.util.List<String> failures) {
        int deleted = 0;
        long nowMillis = clock.millis();
        for (Map.Entry<String, DeletionMark> e : sync.deletionMarks().entrySet()) {
            // the mark's time is whole seconds; as in Thanos, a delay of 0 deletes a block marked this second
            if (nowMillis - e.getValue().deletionTime() * 1000 <= deleteDelay.toMillis()) {
                continue;
            }
            try {
                BucketBlocks.delete(bkt, e.getKey());
                metrics.blocksCleaned().increment();
                LOG.atInfo().addKeyValue("block", e.getKey()).log("deleted block marked for deletion");
                deleted++;
            } catch (IOException ex) {
                metrics.blockCleanupFailures().increment();
                LOG.atWarn().addKeyValue("block", e.getKey()).addKeyValue("err", ex.getMessage())
                        .log("failed to delete block marked for deletion");
                failures.add("delete block " + e.getKey() + ": " + ex.getMessage());
            }
        }
        for (String id : sync.partial()) {
            if (sync.deletionMarks().containsKey(id)) {
                continue;
            }
            if (nowMillis - Ulid.parse(id).timestamp() <= partialThreshold.toMillis()) {
                continue;
            }
            metrics.partialUploadDeleteAttempts().increment();
            try {
                BucketBlocks.delete(bkt, id);
                LOG.atInfo().addKeyValue("block", id).addKeyValue("thresholdAge", partialThreshold)
                        .log("deleted aborted partial upload");
                deleted++;
            } catch (IOException ex) {
                LOG.atWarn().addKeyValue("block", id).addKeyValue("err", ex.toString())
                        .log("failed to delete aborted partial upload; skipping");
                failures.add("delete partial upload " + id + ": " + ex);
            }
        }
        return deleted;
    }
}
