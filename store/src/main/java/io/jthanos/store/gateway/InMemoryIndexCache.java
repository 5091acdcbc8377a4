package io.jthanos.store.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory LRU cache of raw index items (Thanos's {@code InMemoryIndexCache}), bounded by the bytes of its
 * keys and values ({@code --index-cache-size}): postings lists and series entries exactly as read from a
 * block's index, keyed by block. Items larger than {@code max_item_size} (by default half the cache) are not
 * cached. Thread-safe.
 *
 * <p>Metrics keep Thanos's names: {@code thanos_store_index_cache_requests_total},
 * {@code thanos_store_index_cache_hits_total}, {@code thanos_store_index_cache_items_added_total},
 * {@code thanos_store_index_cache_items_evicted_total} (all by {@code item_type}),
 * {@code thanos_store_index_cache_items}, {@code thanos_store_index_cache_items_size_bytes}.
 */
public final class InMemoryIndexCache implements IndexCache {
    private record Key(ItemType type, String block, String name, String value, long id) {
        long size() {
            return 64 + 2L * (block.length() + name.length() + value.length());
        }
    }

    private final long maxBytes;
    private final long maxItemBytes;
    private final LinkedHashMap<Key, byte[]> items = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private final IndexCacheRequests lookups;
    private final EnumMap<ItemType, Counter> added = new EnumMap<>(ItemType.class);
    private final EnumMap<ItemType, Counter> evicted = new EnumMap<>(ItemType.class);

    /** At most {@code maxBytes}, items of at most half of it. */
    public InMemoryIndexCache(long maxBytes, MeterRegistry registry) {
        this(maxBytes, maxBytes / 2, registry);
    }

    /** At most {@code maxBytes}, items (key and value) of at most {@code maxItemBytes}. */
    public InMemoryIndexCache(long maxBytes, long maxItemBytes, MeterRegistry registry) {
        this.maxBytes = maxBytes;
        this.maxItemBytes = maxItemBytes;
        this.lookups = new IndexCacheRequests(registry);
        for (ItemType t : ItemType.values()) {
            added.put(t, Counter.builder("thanos_store_index_cache_items_added").tag("item_type", t.label)
                    .description("Total number of items that were added to the index cache.").register(registry));
            evicted.put(t, Counter.builder("thanos_store_index_cache_items_evicted").tag("item_type", t.label)
                    .description("Total number of items that were evicted from the index cache.").register(registry));
        }
        Gauge.builder("thanos_store_index_cache_items", this, InMemoryIndexCache::itemCount)
                .description("Current number of items in the index cache.").register(registry);
        Gauge.builder("thanos_store_index_cache_items_size_bytes", this, InMemoryIndexCache::sizeBytes)
                .description("Current byte size of items in the index cache.").register(registry);
    }

    @Override
    public byte[][] fetchPostings(String block, List<String> names, List<String> values) {
        byte[][] out = new byte[names.size()][];
        int found = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = get(new Key(ItemType.POSTINGS, block, names.get(i), values.get(i), 0));
            found += out[i] != null ? 1 : 0;
        }
        lookups.record(ItemType.POSTINGS, out.length, found);
        return out;
    }

    @Override
    public void storePostings(String block, String name, String value, byte[] data) {
        put(new Key(ItemType.POSTINGS, block, name, value, 0), data);
    }

    @Override
    public byte[][] fetchSeries(String block, long[] ids) {
        byte[][] out = new byte[ids.length][];
        int found = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = get(new Key(ItemType.SERIES, block, "", "", ids[i]));
            found += out[i] != null ? 1 : 0;
        }
        lookups.record(ItemType.SERIES, out.length, found);
        return out;
    }

    @Override
    public void storeSeries(String block, long id, byte[] data) {
        put(new Key(ItemType.SERIES, block, "", "", id), data);
    }

    private synchronized byte[] get(Key k) {
        return items.get(k);
    }

    private void put(Key k, byte[] v) {
        long size = k.size() + v.length;
        if (maxBytes <= 0 || size > maxItemBytes) {
            return;
        }
        synchronized (this) {
            byte[] old = items.put(k, v);
            if (old != null) {
                bytes -= k.size() + old.length;
            }
            bytes += size;
            Iterator<Map.Entry<Key, byte[]>> it = items.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<Key, byte[]> e = it.next();
                bytes -= e.getKey().size() + e.getValue().length;
                evicted.get(e.getKey().type()).increment();
                it.remove();
            }
        }
        added.get(k.type()).increment();
    }

    @Override
    public synchronized int itemCount() {
        return items.size();
    }

    public synchronized long sizeBytes() {
        return bytes;
    }
}
