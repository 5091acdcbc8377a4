package io.jthanos.tsdb.block;

import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunks.ChunkReader;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.index.ChunkRefMeta;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The samples of one series of a block: its chunks in order, loaded lazily, without the samples in
 * dropped intervals (tombstones and the trimmed outside of the query range).
 */
final class BlockSampleIterator implements SampleIterator {
    private ChunkReader reader;
    private List<ChunkRefMeta> chunks;
    private long[] dropped;
    private int next;           // index of the next chunk to open
    private SampleIterator cur; // reused across chunks
    private boolean open;
    private boolean positioned;
    private boolean done;
    private ValueType type = ValueType.NONE;

    void reset(ChunkReader reader, List<ChunkRefMeta> chunks, long[] dropped) {
        this.reader = reader;
        this.chunks = chunks;
        this.dropped = dropped;
        next = 0;
        open = false;
        positioned = false;
        done = false;
    }

    private boolean openNext() {
        if (next >= chunks.size()) {
            return false;
        }
        try {
            cur = reader.chunk(chunks.get(next++).ref()).iterator(cur);
        } catch (CorruptBlockException e) {
            done = true;
            throw new UncheckedIOException(e);
        }
        open = true;
        return true;
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        while (true) {
            if (!open && !openNext()) {
                return finish();
            }
            ValueType vt = cur.next();
            if (vt == ValueType.NONE) {
                open = false;
                continue;
            }
            if (dropped.length > 0 && SeriesCursor.dropped(dropped, cur.atT())) {
                if (dropped[dropped.length - 1] == Long.MAX_VALUE && cur.atT() >= dropped[dropped.length - 2]) {
                    return finish();
                }
                continue;
            }
            positioned = true;
            type = vt;
            return vt;
        }
    }

    private ValueType finish() {
        done = true;
        positioned = false;
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        if (done) {
            return ValueType.NONE;
        }
        if (positioned && cur.atT() >= t) {
            return type;
        }
        if (!open || chunks.get(next - 1).maxTime() < t) {
            open = false;
            while (next < chunks.size() && chunks.get(next).maxTime() < t) {
                next++;
            }
            if (!openNext()) {
                return finish();
            }
        }
        ValueType vt = cur.seek(t);
        if (vt == ValueType.NONE) {
            open = false;
            return next();
        }
        if (dropped.length > 0 && SeriesCursor.dropped(dropped, cur.atT())) {
            return next();
        }
        positioned = true;
        type = vt;
        return vt;
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
