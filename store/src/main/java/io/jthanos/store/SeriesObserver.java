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

    /**
     * Everything received so far has been passed on, and more may take a while (a client calls this at the end of
     * each response frame). An observer that hands series on in batches should pass on what it holds.
     */
    default void onFrameEnd() {}
}
