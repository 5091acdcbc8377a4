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
 * A store's answer pushed by its {@code series} call: a virtual thread runs the call and hands responses to
 * the merging thread through a bounded queue, so a store can run at most {@code bufferSize} responses ahead
 * of the merge (backpressure).
 *
 * <p>Chunk bytes in native memory (e.g. memory-mapped blocks of an in-process store) are copied to the
 * heap before they cross threads, because the producer releases its source when its call returns.
 */
final class PushedStoreStream implements StoreStream {
    private final StoreClient client;
    private final BlockingQueue<Item> queue;
    private final Duration frameTimeout;
    private volatile boolean cancelled;
    private Thread producer;
    private boolean done;

    PushedStoreStream(StoreClient client, int bufferSize, Duration frameTimeout) {
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.frameTimeout = frameTimeout;
    }

    @Override
    public StoreClient client() {
        return client;
    }

    /** Starts the store's call on a virtual thread; {@code strip} removes the replica labels and re-sorts. */
    void start(SeriesRequest request, boolean strip) {
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

    @Override
    public Item take() throws InterruptedException {
        if (done) {
            return Item.END;
        }
        Item item;
        if (frameTimeout.isZero() || frameTimeout.isNegative()) {
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

    @Override
    public void cancel() {
        cancelled = true;
        done = true;
        if (producer != null) {
            producer.interrupt();
        }
        queue.clear();
    }
}
