package io.jthanos.store.proxy;

import io.jthanos.store.CursorStoreApi;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import java.time.Duration;

/**
 * The answer of one store inside a {@link ProxyStore} fan-out, taken by the merging thread one response at a
 * time. A store that can be read by pulling ({@link CursorStoreApi}, e.g. a remote store over gRPC) is read
 * by the merging thread itself ({@link PulledStoreStream}); any other store's call runs on a thread of its own
 * ({@link PushedStoreStream}).
 */
sealed interface StoreStream permits PulledStoreStream, PushedStoreStream {
    /** One response; exactly one of the fields is set, none for the end of the stream. */
    record Item(StoreSeries series, String warning, Throwable error) {
        static final Item END = new Item(null, null, null);
    }

    /**
     * Starts {@code request} on {@code client}. When the store does not support {@code without_replica_labels},
     * the labels are removed here and the whole response is re-sorted before it is handed on.
     *
     * @param bufferSize responses a pushing store may run ahead of the merge
     * @param frameTimeout longest wait for the store's next response; zero or less for none
     */
    static StoreStream start(StoreClient client, SeriesRequest request, int bufferSize, Duration frameTimeout) {
        boolean strip = !request.withoutReplicaLabels().isEmpty() && !client.info().supportsWithoutReplicaLabels();
        if (!strip && client.api() instanceof CursorStoreApi pullable) {
            return PulledStoreStream.start(client, pullable, request, frameTimeout);
        }
        PushedStoreStream s = new PushedStoreStream(client, bufferSize, frameTimeout);
        s.start(request, strip);
        return s;
    }

    StoreClient client();

    /**
     * The next response, waiting at most the frame timeout; {@link Item#END} once the stream is over, and for
     * good after an error. A timeout cancels the store's call and is reported as its error.
     */
    Item take() throws InterruptedException;

    /** Stops the store's call; pending responses are dropped. Safe to call more than once, from any thread. */
    void cancel();
}
