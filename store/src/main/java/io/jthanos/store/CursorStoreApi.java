package io.jthanos.store;

/**
 * A {@link StoreApi} whose {@code series} answer can also be read by pulling ({@link SeriesCursor}), which
 * spares a fan-out the thread it would otherwise run the push-style call on.
 */
public interface CursorStoreApi extends StoreApi {
    /**
     * Starts {@code request}; the answer is read through the cursor, which must be closed.
     *
     * @throws StoreException when the request cannot be started
     */
    SeriesCursor openSeries(SeriesRequest request);
}
