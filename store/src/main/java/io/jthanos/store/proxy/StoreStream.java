package io.jthanos.store.proxy;

import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The response stream of one store inside a {@link ProxyStore} fan-out: a virtual thread runs the store's
 * {@code series} call and hands responses to the merging thread through a bounded queue, so a store can
 * run at most about {@code bufferSize} series ahead of the merge (backpressure). Series cross in batches of up
 * to {@value #MAX_BATCH}, passed on at the end of every received frame ({@link SeriesObserver#onFrameEnd}), before
 * a warning and at the end: a hand-over per series would wake the merging thread once per series.
 *
 * <p>Chunk bytes in native memory (e.g. memory-mapped blocks of an in-process store) are copied to the
 * heap before they cross threads, because the producer releases its source when its call returns.
 */
final class StoreStream {
    /** Most series handed over at once. */
    static final int MAX_BATCH = 64;

    /** One response; exactly one of the fields is set, none for the end of the stream. */
    record Item(StoreSeries series, String warning, Throwable error) {
        static final Item END = new Item(null, null, null);
    }

    /** One queued hand-over: series, or else a warning, an error or the end as an {@link Item}. */
    private record Batch(List<StoreSeries> series, Item item) {}

    private final StoreClient client;
    private final BlockingQueue<Batch> queue;
    private final int batchSize;
    private final Duration frameTimeout;
    private volatile boolean cancelled;
    private Thread producer;
    private boolean done;
    /** The batch being read by the merge, and the position in it. */
    private List<StoreSeries> reading = List.of();
    private int readAt;

    StoreStream(StoreClient client, int bufferSize, Duration frameTimeout) {
        this.client = client;
        this.batchSize = Math.min(bufferSize, MAX_BATCH);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, bufferSize / batchSize));
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
        producer = Thread.ofVirtual().name("proxy-series-" + client.name()).start(() -> {
            Forwarder forwarder = new Forwarder();
            try {
                if (strip) {
                    produceResorted(request);
                } else {
                    client.api().series(request, forwarder);
                    forwarder.onFrameEnd();
                }
                put(new Batch(null, Item.END));
            } catch (CancellationException e) {
                // the merge gave up on this store
            } catch (Throwable t) {
                if (!cancelled) {
                    try {
                        // The series received before the failure go first, as they did one by one.
                        forwarder.onFrameEnd();
                        put(new Batch(null, new Item(null, null, t)));
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
            put(new Batch(null, new Item(null, w, null)));
        }
        for (int i = 0; i < all.size(); i += batchSize) {
            put(new Batch(all.subList(i, Math.min(i + batchSize, all.size())), null));
        }
    }

    /** Passes series on in batches; the caller sends {@link #onFrameEnd} once the call is over. */
    private final class Forwarder implements SeriesObserver {
        private List<StoreSeries> pending = new ArrayList<>(batchSize);

        @Override
        public void onSeries(StoreSeries s) {
            checkCancelled();
            pending.add(new StoreSeries(s.labels(), heapCopies(s.chunks())));
            if (pending.size() >= batchSize) {
                onFrameEnd();
            }
        }

        @Override
        public void onWarning(String w) {
            onFrameEnd();
            put(new Batch(null, new Item(null, w, null)));
        }

        @Override
        public void onFrameEnd() {
            if (!pending.isEmpty()) {
                put(new Batch(pending, null));
                pending = new ArrayList<>(batchSize);
            }
        }
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new CancellationException("proxy cancelled the stream of " + client.name());
        }
    }

    private void put(Batch batch) {
        checkCancelled();
        try {
            queue.put(batch);
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
     * The next response, waiting at most the frame timeout for the next batch; {@link Item#END} once the stream is
     * over. A timeout cancels the store's call and is reported as its error.
     */
    Item take() throws InterruptedException {
        if (readAt < reading.size()) {
            return new Item(reading.get(readAt++), null, null);
        }
        if (done) {
            return Item.END;
        }
        Batch batch;
        if (frameTimeout.isZero() || frameTimeout.isNegative()) {
            batch = queue.take();
        } else {
            batch = queue.poll(frameTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (batch == null) {
                cancel();
                batch = new Batch(null, new Item(null, null, new TimeoutException(
                        "failed to receive any data in " + frameTimeout.toMillis() + "ms from " + client.name())));
            }
        }
        if (batch.series() != null) {
            reading = batch.series();
            readAt = 1;
            return new Item(reading.get(0), null, null);
        }
        Item item = batch.item();
        if (item == Item.END || item.error() != null) {
            done = true;
        }
        return item;
    }

    /** Stops the store's call; pending responses are dropped. Safe to call more than once. */
    void cancel() {
        cancelled = true;
        done = true;
        reading = List.of();
        if (producer != null) {
            producer.interrupt();
        }
        queue.clear();
    }
}
