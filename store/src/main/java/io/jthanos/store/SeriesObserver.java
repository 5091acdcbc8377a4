package io.jthanos.store;

/**
 * Receives the responses of a {@link StoreApi#series} call, in order, on the thread that made the call.
 * Throwing from a method cancels the stream.
 */
public interface SeriesObserver {
    /** One complete series; its chunk data stays valid only until this method returns. */
    void onSeries(StoreSeries series);

    /** A non-fatal problem, e.g. a store that failed under the {@code WARN} partial-response strategy. */
    void onWarning(String warning);
}
