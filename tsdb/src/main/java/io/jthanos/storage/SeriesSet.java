package io.jthanos.storage;

/**
 * A cursor over series, sorted by labels when the select asked for sorting.
 *
 * <p>{@link #next()} may throw unchecked exceptions ({@link java.io.UncheckedIOException},
 * {@link StorageException}) when reading fails; after that the set is unusable. Non-fatal problems are
 * reported through {@link #warnings()}, which is complete once {@code next()} returned {@code false}.
 */
public interface SeriesSet {
    boolean next();

    /** The current series; valid after {@link #next()} returned {@code true}. */
    Series at();

    /** Warnings and infos collected so far. */
    Annotations warnings();

    /** The empty set. */
    static SeriesSet empty() {
        return EmptySets.SERIES;
    }

    /** A set that fails on the first {@code next()} with {@code error}. */
    static SeriesSet failed(RuntimeException error) {
        return new EmptySets.FailedSeriesSet(error);
    }
}
