package io.jthanos.store;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The answer to one {@code series} request, read by pulling: the reader's own thread waits for the store's
 * next response, so no producer thread stands between the store and the reader. Series come in the order
 * and shape of {@link StoreApi#series} (sorted, each whole: frames of one series are joined). One reader at a
 * time; {@link #close()} may be called from any thread.
 */
public interface SeriesCursor extends AutoCloseable {
    /**
     * The next series, or {@code null} once the stream has ended. Warnings the store sent before it go to
     * {@code warnings} first.
     *
     * @param timeoutNanos the longest wait for the store's next response; zero or less waits without limit
     * @throws TimeoutException when the store sent nothing for {@code timeoutNanos}; the call is then cancelled
     * @throws StoreException when the store failed
     * @throws InterruptedException when the reader was interrupted while waiting
     */
    StoreSeries next(Consumer<String> warnings, long timeoutNanos) throws InterruptedException, TimeoutException;

    /** Cancels the call unless it has ended; harmless to repeat. */
    @Override
    void close();
}
