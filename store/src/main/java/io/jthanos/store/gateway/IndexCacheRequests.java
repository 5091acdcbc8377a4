package io.jthanos.store.gateway;

import io.jthanos.store.gateway.IndexCache.ItemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;

/**
 * The lookups every index cache counts, under Thanos's names: {@code thanos_store_index_cache_requests_total} and
 * {@code thanos_store_index_cache_hits_total} by {@code item_type}.
 */
final class IndexCacheRequests {
    private final EnumMap<ItemType, Counter> requests = new EnumMap<>(ItemType.class);
    private final EnumMap<ItemType, Counter> hits = new EnumMap<>(ItemType.class);

    IndexCacheRequests(MeterRegistry registry) {
        for (ItemType t : ItemType.values()) {
            requests.put(t, Counter.builder("thanos_store_index_cache_requests").tag("item_type", t.label)
                    .description("Total number of items requests to the cache.").register(registry));
            hits.put(t, Counter.builder("thanos_store_index_cache_hits").tag("item_type", t.label)
                    .description("Total number of items requests to the cache that were a hit.").register(registry));
        }
    }

    /** {@code requested} lookups of {@code type}, {@code found} of them hits. */
    void record(ItemType type, int requested, int found) {
        requests.get(type).increment(requested);
        if (found > 0) {
            hits.get(type).increment(found);
        }
    }
}
