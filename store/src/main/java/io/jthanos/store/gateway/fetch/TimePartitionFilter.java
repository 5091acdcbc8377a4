package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Map;

/**
 * Keeps only blocks overlapping {@code [minTime, maxTime]} (Thanos's {@code TimePartitionMetaFilter},
 * {@code --min-time}/{@code --max-time}); a block's own {@code maxTime} is exclusive.
 */
public final class TimePartitionFilter implements MetaFilter {
    private final TimeOrDuration minTime;
    private final TimeOrDuration maxTime;

    public TimePartitionFilter(TimeOrDuration minTime, TimeOrDuration maxTime) {
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) {
        long now = System.currentTimeMillis();
        long from = minTime.resolve(now);
        long to = maxTime.resolve(now);
        int removed = 0;
        var it = metas.values().iterator();
        while (it.hasNext()) {
            BlockMeta m = it.next();
            if (!(m.maxTime() >= from && m.minTime() <= to)) {
                it.remove();
                removed++;
            }
        }
        synced.add(SyncedCounts.TIME_EXCLUDED, removed);
    }
}
