package io.jthanos.tsdb.downsample;

/** The aggregates of an {@link AggrChunk}, in their fixed on-disk order (Thanos {@code AggrType}). */
public enum AggrType {
    COUNT,
    SUM,
    MIN,
    MAX,
    COUNTER;

    /** The aggregate's position in the chunk, 0 to 4. */
    public int index() {
        return ordinal();
    }
}
