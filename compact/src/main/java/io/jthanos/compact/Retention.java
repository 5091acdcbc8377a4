package io.jthanos.compact;

import io.jthanos.objstore.Bucket;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention per resolution (Thanos's {@code ApplyRetentionPolicyByResolution}): a block is marked for
 * deletion when now is after {@code maxTime + retention(resolution)}; a zero retention keeps forever.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private Retention() {}

    /** The blocks of {@code metas} past their retention. */
    public static List<BlockMeta> expired(Collection<BlockMeta> metas, LongFunction<Duration> retention, Clock clock) {
        List<BlockMeta> out = new ArrayList<>();
        long now = clock.millis();
        for (BlockMeta m : metas) {
            Duration r = retention.apply(m.thanos().downsampleResolution());
            if (r.isZero() || r.isNegative()) {
                continue;
            }
            // Thanos truncates maxTime to seconds before adding the retention.
            long maxTimeMs = Math.floorDiv(m.maxTime(), 1000) * 1000;
            if (now > maxTimeMs + r.toMillis()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Marks the expired blocks for deletion; returns how many marks were written. */
    public static int apply(Bucket bkt, Collection<BlockMeta> metas, LongFunction<Duration> retention,
            CompactMetrics metrics, Clock clock) throws IOException {
        int marked = 0;
        for (BlockMeta m : expired(metas, retention, clock)) {
            Duration r = retention.apply(m.thanos().downsampleResolution());
            LOG.atInfo().addKeyValue("block", m.ulid()).addKeyValue("maxTime", m.maxTime())
                    .log("applying retention: marking block for deletion");
            if (Markers.markForDeletion(bkt, m.ulid(), "block exceeding retention of " + r, clock)) {
                metrics.blocksMarked(DeletionMark.FILE_NAME, "").increment();
                marked++;
            }
        }
        return marked;
    }
}
