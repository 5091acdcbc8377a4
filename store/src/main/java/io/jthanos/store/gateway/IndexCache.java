package io.jthanos.store.gateway;

import java.util.List;
import java.util.Set;

/**
 * A cache of raw index items of the blocks a store gateway serves (Thanos's {@code IndexCache}): postings lists and
 * series entries exactly as read from a block's index, keyed by block. Lookups are batched, so that a remote cache
 * answers a query's keys in one round trip. A cache is an optimisation: a failure is a miss, never an error.
 * Implementations are thread-safe.
 */
public interface IndexCache {
    /** Kinds of cached items, named as Thanos's {@code item_type} label values and {@code enabled_items} entries. */
    enum ItemType {
        POSTINGS("Postings"),
        SERIES("Series");

        final String label;

        ItemType(String label) {
            this.label = label;
        }

        /** The {@code enabled_items} / {@code item_type} name. */
        public String label() {
            return label;
        }
    }

    /** The cached postings lists of {@code names[i]=values[i]} in {@code block}, each {@code null} on a miss. */
    byte[][] fetchPostings(String block, List<String> names, List<String> values);

    void storePostings(String block, String name, String value, byte[] data);

    /** The cached series entries {@code ids[i]} of {@code block}, each {@code null} on a miss. */
    byte[][] fetchSeries(String block, long[] ids);

    void storeSeries(String block, long id, byte[] data);

    /** Items held in this process, for tests and the in-memory cache's gauges; -1 when the cache is remote. */
    default int itemCount() {
        return -1;
    }

    /** {@code cache} restricted to the item types in {@code enabled} (Thanos's {@code enabled_items}). */
    static IndexCache onlyFor(IndexCache cache, Set<ItemType> enabled) {
        if (enabled.containsAll(Set.of(ItemType.values()))) {
            return cache;
        }
        return new IndexCache() {
            @Override
            public byte[][] fetchPostings(String block, List<String> names, List<String> values) {
                return enabled.contains(ItemType.POSTINGS) ? cache.fetchPostings(block, names, values) : new byte[names.size()][];
            }

            @Override
            public void storePostings(String block, String name, String value, byte[] data) {
                if (enabled.contains(ItemType.POSTINGS)) {
                    cache.storePostings(block, name, value, data);
                }
            }

            @Override
            public byte[][] fetchSeries(String block, long[] ids) {
                return enabled.contains(ItemType.SERIES) ? cache.fetchSeries(block, ids) : new byte[ids.length][];
            }

            @Override
            public void storeSeries(String block, long id, byte[] data) {
                if (enabled.contains(ItemType.SERIES)) {
                    cache.storeSeries(block, id, data);
                }
            }

            @Override
            public int itemCount() {
                return cache.itemCount();
            }
        };
    }
}
