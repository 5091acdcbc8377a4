package io.jthanos.store.gateway.fetch;

import io.jthanos.tsdb.block.BlockMeta;
import java.util.Map;

/** Hides blocks that were migrated to Parquet ({@code thanos.extensions.parquet_migrated: true}), as Thanos does. */
public final class ParquetMigratedFilter implements MetaFilter {
    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) {
        int removed = 0;
        var it = metas.values().iterator();
        while (it.hasNext()) {
            BlockMeta m = it.next();
            if (m.thanos() != null && m.thanos().extensions() != null
                    && m.thanos().extensions().path("parquet_migrated").asBoolean(false)) {
                it.remove();
                removed++;
            }
        }
        synced.add(SyncedCounts.PARQUET_MIGRATED, removed);
    }
}
