package io.jthanos.query;

/** How replicas of a series are merged ({@code --deduplication.func}). */
public enum DedupFunction {
    /** Thanos's default: follow one replica, switch across gaps (see {@code PenaltyDedupIterator}). */
    PENALTY,
    /** Merge all replicas' samples by timestamp, one sample per timestamp. */
    CHAIN
}
