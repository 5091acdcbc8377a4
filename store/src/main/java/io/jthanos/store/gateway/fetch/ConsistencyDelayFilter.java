package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.block.Ulid;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Hides blocks younger than the consistency delay, judged by the time in their ULID (Thanos's
 * {@code ConsistencyDelayMetaFilter}), so eventually consistent buckets show all of a block's files before
 * it is read. Blocks written by the compactor or a repair are exempt: their sources were already visible.
 */
public final class ConsistencyDelayFilter implements MetaFilter {
    private static final Set<String> EXEMPT_SOURCES = Set.of("compactor", "compactor.repair", "bucket.repair");

    private final Duration delay;
    private final Clock clock;

    public ConsistencyDelayFilter(Duration delay, Clock clock) {
        this.delay = delay;
        this.clock = clock;
    }

    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        long now = clock.millis();
        int removed = 0;
        var it = metas.values().iterator();
        while (it.hasNext()) {
            BlockMeta m = it.next();
            String source = m.thanos() == null ? "" : m.thanos().source();
            if (now - Ulid.parse(m.ulid()).timestamp() < delay.toMillis() && !EXEMPT_SOURCES.contains(source)) {
                it.remove();
                removed++;
            }
        }
        synced.add(SyncedCounts.TOO_FRESH, removed);
    }
}
