package io.jthanos.storage;

import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The chunks of several chunk iterators of one series, merged vertically (Prometheus's
 * {@code compactChunkIterator}). Chunks come out by {@code minTime}. A chunk that overlaps no other
 * passes through untouched; a chunk equal to the previous one of its overlapping run (time range and
 * bytes) is dropped; the rest of a run of overlapping chunks is decoded, merged by timestamp with one
 * sample per timestamp (the earliest input wins, as in {@link ChainSampleIterator}) and re-encoded into
 * XOR chunks of at most {@value #SAMPLES_PER_CHUNK} samples. A run that holds chunks other than XOR,
 * which cannot be merged yet, passes through as it is.
 */
final class CompactingChunkIterator implements ChunkIterator {
    /** Prometheus's {@code seriesToChunkEncoderSplit}. */
    static final int SAMPLES_PER_CHUNK = 120;

    private record Input(ChunkIterator chunks, int order) {}

    private final PriorityQueue<Input> heap;
    private final ArrayDeque<ChunkMeta> pending = new ArrayDeque<>();
    private ChunkMeta cur;

    CompactingChunkIterator(ChunkIterator[] inputs) {
        heap = new PriorityQueue<>(Math.max(1, inputs.length), Comparator
                .comparingLong((Input in) -> in.chunks().at().minTime())
                .thenComparingLong(in -> in.chunks().at().maxTime())
                .thenComparingInt(Input::order));
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].next()) {
                heap.add(new Input(inputs[i], i));
            }
        }
    }

    @Override
    public boolean next() {
        if (!pending.isEmpty()) {
            cur = pending.poll();
            return true;
        }
        if (heap.isEmpty()) {
            cur = null;
            return false;
        }
        Input first = heap.poll();
        ChunkMeta head = take(first);
        List<ChunkMeta> run = null;
        List<Integer> orders = null;
        ChunkMeta prev = head;
        long runMaxTime = head.maxTime();
        while (!heap.isEmpty() && heap.peek().chunks().at().minTime() <= runMaxTime) {
            Input in = heap.poll();
            ChunkMeta m = take(in);
            if (sameChunk(prev, m)) {
                continue;
            }
            if (run == null) {
                run = new ArrayList<>();
                orders = new ArrayList<>();
                run.add(head);
                orders.add(first.order());
            }
            run.add(m);
            orders.add(in.order());
            runMaxTime = Math.max(runMaxTime, m.maxTime());
            prev = m;
        }
        if (run == null) {
            cur = head;
            return true;
        }
        if (allXor(run)) {
            reencode(run, orders);
        } else {
            pending.addAll(run);
        }
        if (pending.isEmpty()) {
            return next(); // a run of chunks without samples
        }
        cur = pending.poll();
        return true;
    }

    private ChunkMeta take(Input in) {
        ChunkMeta m = in.chunks().at();
        if (in.chunks().next()) {
            heap.add(in);
        }
        return m;
    }

    private static boolean sameChunk(ChunkMeta a, ChunkMeta b) {
        return a.minTime() == b.minTime() && a.maxTime() == b.maxTime()
                && a.chunk().encoding() == b.chunk().encoding()
                && a.chunk().bytes().byteSize() == b.chunk().bytes().byteSize()
                && a.chunk().bytes().mismatch(b.chunk().bytes()) == -1;
    }

    private static boolean allXor(List<ChunkMeta> run) {
        for (ChunkMeta m : run) {
            if (m.chunk().encoding() != Encoding.XOR) {
                return false;
            }
        }
        return true;
    }

    /** Merges the run's samples, the chunks of earlier inputs first so that they win equal timestamps. */
    private void reencode(List<ChunkMeta> run, List<Integer> orders) {
        Integer[] byInput = new Integer[run.size()];
        for (int i = 0; i < byInput.length; i++) {
            byInput[i] = i;
        }
        java.util.Arrays.sort(byInput, Comparator.comparingInt(orders::get)); // stable: minTime order within an input
        SampleIterator[] its = new SampleIterator[run.size()];
        for (int i = 0; i < its.length; i++) {
            its[i] = run.get(byInput[i]).chunk().iterator(null);
        }
        ChainSampleIterator samples = new ChainSampleIterator(its);
        XorChunk chunk = null;
        XorAppender app = null;
        long minTime = 0;
        long maxTime = 0;
        while (samples.next() == ValueType.FLOAT) {
            if (chunk != null && chunk.numSamples() >= SAMPLES_PER_CHUNK) {
                pending.add(new ChunkMeta(minTime, maxTime, chunk));
                chunk = null;
            }
            if (chunk == null) {
                chunk = new XorChunk();
                app = chunk.appender();
                minTime = samples.atT();
            }
            maxTime = samples.atT();
            app.append(maxTime, samples.atF());
        }
        if (chunk != null) {
            pending.add(new ChunkMeta(minTime, maxTime, chunk));
        }
    }

    @Override
    public ChunkMeta at() {
        return cur;
    }
}
