package io.jthanos.storage;

/** Opens {@link Querier}s over a time range. */
public interface Queryable {
    /** A querier over {@code [minTime, maxTime]} (milliseconds, inclusive). */
    Querier querier(long minTime, long maxTime);
}
