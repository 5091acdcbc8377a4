package io.jthanos.store.gateway;

import io.jthanos.model.Labels;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Sends the merged, label-sorted series entries of all blocks of one request: entries with equal labels (from
 * several blocks, or made equal by dropping replica labels) become one series whose chunks are ordered by time
 * with exact duplicates removed. Chunks are read one batch of series at a time (per block in parallel), their
 * bytes held in the {@link ChunkPool} only until the batch has been handed to the observer.
 */
final class SeriesSender {
    private final SeriesRequest request;
    private final SeriesObserver observer;
    private final ChunkPool pool;
    private final ExecutorService executor;
    private final QueryStats stats;
    private long sent;

    SeriesSender(SeriesRequest request, SeriesObserver observer, ChunkPool pool, ExecutorService executor, QueryStats stats) {
        this.request = request;
        this.observer = observer;
        this.pool = pool;
        this.executor = executor;
        this.stats = stats;
    }

    /** Sends {@code entries} (sorted by labels); returns the number of series sent. */
    long send(List<SeriesEntry> entries) {
        int i = 0;
        int n = entries.size();
        while (i < n && !full()) {
            // a batch ends at a series boundary, after enough series or chunks
            int end = i;
            int series = 0;
            int chunks = 0;
            while (end < n && series < maxSeriesInBatch() && chunks < BucketStoreBatch.CHUNKS) {
                Labels l = entries.get(end).labels;
                while (end < n && entries.get(end).labels.equals(l)) {
                    chunks += entries.get(end).chunkCount();
                    end++;
                }
                series++;
            }
            sendBatch(entries.subList(i, end));
            i = end;
        }
        return sent;
    }

    private int maxSeriesInBatch() {
        int batch = BucketStoreBatch.SERIES;
        if (request.limit() > 0) {
            batch = (int) Math.min(batch, request.limit() - sent);
        }
        return Math.max(1, batch);
    }

    private boolean full() {
        return request.limit() > 0 && sent >= request.limit();
    }

    private void sendBatch(List<SeriesEntry> batch) {
        long reserved = request.skipChunks() ? 0 : load(batch);
        try {
            int i = 0;
            List<StoreChunk> chunks = new ArrayList<>();
            while (i < batch.size() && !full()) {
                Labels l = batch.get(i).labels;
                chunks.clear();
                while (i < batch.size() && batch.get(i).labels.equals(l)) {
                    SeriesEntry e = batch.get(i);
                    if (!request.skipChunks()) {
                        for (StoreChunk c : e.chunks) {
                            chunks.add(c);
                        }
                    }
                    i++;
                }
                if (request.skipChunks()) {
                    observer.onSeries(StoreSeries.labelsOnly(l));
                } else {
                    chunks.sort(StoreChunk::compareByTime);
                    dedupe(chunks);
                    observer.onSeries(new StoreSeries(l, chunks));
                }
                sent++;
            }
        } finally {
            for (SeriesEntry e : batch) {
                e.chunks = null;
            }
            pool.release(reserved);
        }
    }

    private static void dedupe(List<StoreChunk> chunks) {
        int w = 0;
        for (int r = 0; r < chunks.size(); r++) {
            if (w > 0 && chunks.get(w - 1).sameContent(chunks.get(r))) {
                continue;
            }
            chunks.set(w++, chunks.get(r));
        }
        chunks.subList(w, chunks.size()).clear();
    }

    /** Reads the chunks of {@code batch}, grouped by block; returns the bytes reserved. */
    private long load(List<SeriesEntry> batch) {
        Map<BucketBlock, List<SeriesEntry>> byBlock = new IdentityHashMap<>();
        for (SeriesEntry e : batch) {
            byBlock.computeIfAbsent(e.block, b -> new ArrayList<>()).add(e);
        }
        List<BucketBlock> blocks = new ArrayList<>(byBlock.keySet());
        List<Future<Long>> fs = new ArrayList<>();
        long reserved = 0;
        try {
            if (blocks.size() == 1) {
                BucketBlock b = blocks.get(0);
                try {
                    return b.loadChunks(byBlock.get(b), pool, request.aggregates(), stats);
                } catch (Exception e) {
                    throw Errors.wrap("block " + b.id() + ": read chunks", e);
                }
            }
            for (BucketBlock b : blocks) {
                fs.add(executor.submit(() -> b.loadChunks(byBlock.get(b), pool, request.aggregates(), stats)));
            }
            StoreException failure = null;
            for (int i = 0; i < fs.size(); i++) {
                try {
                    reserved += fs.get(i).get();
                } catch (ExecutionException e) {
                    StoreException w = Errors.wrap("block " + blocks.get(i).id() + ": read chunks", e.getCause());
                    if (failure == null) {
                        failure = w;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new StoreException(StoreException.Code.CANCELLED, "interrupted while reading chunks");
                }
            }
            if (failure != null) {
                pool.release(reserved);
                throw failure;
            }
            return reserved;
        } finally {
            for (Future<Long> f : fs) {
                f.cancel(true);
            }
        }
    }
}
