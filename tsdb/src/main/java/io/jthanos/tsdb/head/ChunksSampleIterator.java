package io.jthanos.tsdb.head;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Iterates the samples of a series' chunks in order, limited to {@code [minTime, maxTime]}. Chunks of
 * one head series never overlap, so no merging is needed.
 */
final class ChunksSampleIterator implements SampleIterator {
    private final List<ChunkMeta> chunks;
    private final long minTime;
    private final long maxTime;
    private int next;
    private SampleIterator current;
    private SampleIterator reuse;
    private boolean done;

    ChunksSampleIterator(List<ChunkMeta> chunks, long minTime, long maxTime) {
        this.chunks = chunks;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        while (true) {
            if (current == null) {
                if (next >= chunks.size()) {
                    return finish();
                }
                current = reuse = chunks.get(next++).chunk().iterator(reuse);
                ValueType vt = current.seek(minTime);
                if (vt == ValueType.NONE) {
                    current = null;
                    continue;
                }
                return bounded(vt);
            }
            ValueType vt = current.next();
            if (vt != ValueType.NONE) {
                return bounded(vt);
            }
            current = null;
        }
    }

    private ValueType bounded(ValueType vt) {
        return current.atT() > maxTime ? finish() : vt;
    }

    private ValueType finish() {
        done = true;
        current = null;
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        if (done) {
            return ValueType.NONE;
        }
        if (current != null && current.atT() >= t) {
            return ValueType.FLOAT;
        }
        while (true) {
            if (current == null) {
                // skip whole chunks that end before t
                while (next < chunks.size() && chunks.get(next).maxTime() < Math.max(t, minTime)) {
                    next++;
                }
                if (next >= chunks.size()) {
                    return finish();
                }
                current = reuse = chunks.get(next++).chunk().iterator(reuse);
            }
            ValueType vt = current.seek(Math.max(t, minTime));
            if (vt != ValueType.NONE) {
                return bounded(vt);
            }
            current = null;
        }
    }

    @Override
    public long atT() {
        return current.atT();
    }

    @Override
    public double atF() {
        return current.atF();
    }
}
