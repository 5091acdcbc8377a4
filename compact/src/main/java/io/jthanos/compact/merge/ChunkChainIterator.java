package io.jthanos.compact.merge;

import io.jthanos.storage.ChunkMeta;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/** The samples of a list of non-overlapping chunks in time order, as one iterator. */
final class ChunkChainIterator implements SampleIterator {
    private final List<ChunkMeta> chunks;
    private int next;
    private SampleIterator cur;
    private SampleIterator reuse;
    private boolean exhausted;

    ChunkChainIterator(List<ChunkMeta> chunks) {
        this.chunks = chunks;
    }

    @Override
    public ValueType next() {
        if (exhausted) {
            return ValueType.NONE;
        }
        while (true) {
            if (cur != null) {
                ValueType vt = cur.next();
                if (vt != ValueType.NONE) {
                    return vt;
                }
                reuse = cur;
                cur = null;
            }
            if (next >= chunks.size()) {
                exhausted = true;
                return ValueType.NONE;
            }
            cur = chunks.get(next++).chunk().iterator(reuse);
        }
    }

    @Override
    public ValueType seek(long t) {
        if (exhausted) {
            return ValueType.NONE;
        }
        if (cur != null) {
            ValueType vt = cur.seek(t);
            if (vt != ValueType.NONE) {
                return vt;
            }
            reuse = cur;
            cur = null;
        }
        while (next < chunks.size() && chunks.get(next).maxTime() < t) {
            next++;
        }
        if (next >= chunks.size()) {
            exhausted = true;
            return ValueType.NONE;
        }
        cur = chunks.get(next++).chunk().iterator(reuse);
        ValueType vt = cur.seek(t);
        return vt != ValueType.NONE ? vt : next();
    }

    @Override
    public long atT() {
        return cur.atT();
    }

    @Override
    public double atF() {
        return cur.atF();
    }
}
