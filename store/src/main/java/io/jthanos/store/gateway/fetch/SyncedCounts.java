package io.jthanos.store.gateway.fetch;

import java.util.Map;
import java.util.TreeMap;

/** Block counts by state of one fetch, as {@code thanos_blocks_meta_synced{state=...}} reports them. */
public final class SyncedCounts {
    public static final String LOADED = "loaded";
    public static final String NO_META = "no-meta-json";
    public static final String CORRUPTED = "corrupted-meta-json";
    public static final String FAILED = "failed";
    public static final String TOO_FRESH = "too-fresh";
    public static final String MARKED_FOR_DELETION = "marked-for-deletion";
    public static final String TIME_EXCLUDED = "time-excluded";
    public static final String LABEL_EXCLUDED = "label-excluded";
    public static final String DUPLICATE = "duplicate";
    public static final String PARQUET_MIGRATED = "parquet-migrated";

    private final TreeMap<String, Integer> counts = new TreeMap<>();

    /** Adds {@code n} blocks to {@code state}. */
    public synchronized void add(String state, int n) {
        counts.merge(state, n, Integer::sum);
    }

    /** The count of {@code state}, 0 when none. */
    public synchronized int get(String state) {
        return counts.getOrDefault(state, 0);
    }

    /** A snapshot of all counts. */
    public synchronized Map<String, Integer> asMap() {
        return new TreeMap<>(counts);
    }

    @Override
    public synchronized String toString() {
        return counts.toString();
    }
}
