package io.jthanos.store.proxy;

import io.jthanos.store.CursorStoreApi;
import io.jthanos.store.SeriesCursor;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The response stream of one store inside a {@link ProxyStore} fan-out. A store that can be read by pulling
 * ({@link CursorStoreApi}, e.g. a remote store over gRPC) is read by the merging thread itself, through its
 * {@link SeriesCursor}. Any other store's {@code series} call runs on a virtual thread that hands responses
 * to the merging thread through a bounded queue, so a store can run at most {@code bufferSize} responses
 * ahead of the merge (backpressure).
 *
 * <p>Chunk bytes in native memory (e.g. memory-mapped blocks of an in-process store) are copied to the
 * heap before they cross threads, because the producer releases its source when its call returns.
 */
final class StoreStream {
    /** One queued response; exactly one of the fields is set, none for the end of the stream. */
    record Item(StoreSeries series, String warning, Throwable error) {
        static final Item END = new Item(null, null, null);
    }

    private final StoreClient client;
    private final BlockingQueue<Item> queue;
    private final Duration frameTimeout;
    private volatile boolean cancelled;
    private Thread producer;
    /** The pulled store's answer, or null when a producer thread pushes it into {@link #queue}. */
    private volatile SeriesCursor cursor;
    /** Pulled responses not taken yet: the warnings that came before a series, then the series. */
    private final ArrayDeque<Item> pulled = new ArrayDeque<>();
    private boolean pulling;
    private boolean done;

    StoreStream(StoreClient client, int bufferSize, Duration frameTimeout) {
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.frameTimeout = frameTimeout;
    }

    StoreClient client() {
        return client;
    }

    /**
     * Starts the store's call. When the store does not support {@code without_replica_labels}, the labels
     * are removed here and the whole response is re-sorted before it is handed on.
     */
    void start(SeriesRequest request) {
        boolean strip = !request.withoutReplicaLabels().isEmpty() && !client.info().supportsWithoutReplicaLabels();
        if (!strip && client.api() instanceof CursorStoreApi pullable) {
            pulling = true;
            try {
                cursor = pullable.openSeries(request);
            } catch (RuntimeException e) {
                pulled.add(new Item(null, null, e));
            }
            return;
        }
        producer = Thread.ofVirtual().name("proxy-series-" + client.name()).start(() -> {
            try {
                if (strip) {
                    produceResorted(request);
                } else {
                    client.api().series(request, new Forwarder());
                }
                put(Item.END);
            } catch (CancellationException e) {
                // the merge gave up on this store
            } catch (Throwable t) {
                if (!cancelled) {
                    try {
                        put(new Item(null, null, t));
                    } catch (CancellationException ignored) {
                        // cancelled meanwhile
                    }
                }
            }
        });
    }

    private void produceResorted(SeriesRequest request) {
        List<StoreSeries> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> drop = request.withoutReplicaLabels();
        client.api().series(request, new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries s) {
                checkCancelled();
                all.add(new StoreSeries(s.labels().without(drop), heapCopies(s.chunks())));
            }

            @Override
            public void onWarning(String w) {
                warnings.add(w);
            }
        });
        all.sort((a, b) -> a.labels().compareTo(b.labels()));
        for (String w : warnings) {
            put(new Item(null, w, null));
        }
        for (StoreSeries s : all) {
            put(new Item(s, null, null));
        }
    }

    private final class Forwarder implements SeriesObserver {
        @Override
        public void onSeries(StoreSeries s) {
            put(new Item(new StoreSeries(s.labels(), heapCopies(s.chunks())), null, null));
        }

        @Override
        public void onWarning(String w) {
            put(new Item(null, w, null));
        }
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new CancellationException("proxy cancelled the stream of " + client.name());
        }
    }

    private void put(Item item) {
        checkCancelled();
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            throw new CancellationException("proxy cancelled the stream of " + client.name());
        }
        checkCancelled();
    }

    private static List<StoreChunk> heapCopies(List<StoreChunk> chunks) {
        List<StoreChunk> out = null;
        for (int i = 0; i < chunks.size(); i++) {
            StoreChunk c = chunks.get(i);
            if (c.data().isNative()) {
                if (out == null) {
                    out = new ArrayList<>(chunks);
                }
                MemorySegment copy = MemorySegment.ofArray(c.data().toArray(ValueLayout.JAVA_BYTE));
                out.set(i, new StoreChunk(c.minTime(), c.maxTime(), c.encoding(), copy));
            }
        }
        return out == null ? chunks : out;
    }

    /**
     * The next response, waiting at most the frame timeout; {@link Item#END} once the stream is over.
     * A timeout cancels the store's call and is reported as its error.
     */
    Item take() throws InterruptedException {
        if (done) {
            return Item.END;
        }
        Item item;
        if (pulling) {
            item = pull();
        } else if (frameTimeout.isZero() || frameTimeout.isNegative()) {
            item = queue.take();
        } else {
            item = queue.poll(frameTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (item == null) {
                cancel();
                item = new Item(null, null, new TimeoutException(
                        "failed to receive any data in " + frameTimeout.toMillis() + "ms from " + client.name()));
            }
        }
        if (item == Item.END || item.error() != null) {
            done = true;
        }
        return item;
    }

    private Item pull() throws InterruptedException {
        if (pulled.isEmpty()) {
            try {
                StoreSeries s = cursor.next(w -> pulled.add(new Item(null, w, null)), frameTimeout.toNanos());
                pulled.add(s == null ? Item.END : new Item(s, null, null));
            } catch (TimeoutException | RuntimeException e) {
                pulled.add(new Item(null, null, e));
            }
        }
        return pulled.poll();
    }

    /** Stops the store's call; pending responses are dropped. Safe to call more than once. */
    void cancel() {
        cancelled = true;
        done = true;
        if (producer != null) {
            producer.interrupt();
        }
        queue.clear();
        SeriesCursor c = cursor;
        if (c != null) {
            c.close();
        }
    }
}
