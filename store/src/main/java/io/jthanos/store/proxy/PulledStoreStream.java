package io.jthanos.store.proxy;

import io.jthanos.store.CursorStoreApi;
import io.jthanos.store.SeriesCursor;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/** A store's answer read by the merging thread itself through the store's {@link SeriesCursor}. */
final class PulledStoreStream implements StoreStream {
    private final StoreClient client;
    /** Null if the call could not be started: {@link #ready} then holds the error. */
    private final SeriesCursor cursor;
    private final long frameTimeoutNanos;
    /** Responses read but not taken yet: the warnings that came before a series, then the series. */
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private boolean done;

    private PulledStoreStream(StoreClient client, SeriesCursor cursor, long frameTimeoutNanos) {
        this.client = client;
        this.cursor = cursor;
        this.frameTimeoutNanos = frameTimeoutNanos;
    }

    static PulledStoreStream start(StoreClient client, CursorStoreApi store, SeriesRequest request,
            Duration frameTimeout) {
        try {
            return new PulledStoreStream(client, store.openSeries(request), frameTimeout.toNanos());
        } catch (RuntimeException e) {
            PulledStoreStream failed = new PulledStoreStream(client, null, 0);
            failed.ready.add(new Item(null, null, e));
            return failed;
        }
    }

    @Override
    public StoreClient client() {
        return client;
    }

    @Override
    public Item take() throws InterruptedException {
        if (done) {
            return Item.END;
        }
        if (ready.isEmpty()) {
            try {
                StoreSeries s = cursor.next(w -> ready.add(new Item(null, w, null)), frameTimeoutNanos);
                ready.add(s == null ? Item.END : new Item(s, null, null));
            } catch (TimeoutException | RuntimeException e) {
                ready.add(new Item(null, null, e));
            }
        }
        Item item = ready.poll();
        if (item == Item.END || item.error() != null) {
            done = true;
        }
        return item;
    }

    @Override
    public void cancel() {
        if (cursor != null) {
            cursor.close();
        }
    }
}
