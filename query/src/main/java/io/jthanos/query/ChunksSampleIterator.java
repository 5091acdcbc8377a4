package io.jthanos.query;

import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * The samples of a list of chunks that are sorted by time and do not overlap, decoded one chunk at a time;
 * the previous chunk's iterator is offered for reuse.
 */
final class ChunksSampleIterator implements SampleIterator {
    /** Samples to step through before a seek within the current chunk falls back to the chunk's own seek. */
    private static final int SHORT_SEEK_STEPS = 4;

    private final List<StoreChunk> chunks;
    private final ChunkDecoder decoder;
    private int index = -1;
    /** {@code maxTime} of the chunk at {@code index}. */
    private long currentMaxTime = Long.MIN_VALUE;
    private SampleIterator current;
    private boolean exhausted;
    private boolean positioned;

    ChunksSampleIterator(List<StoreChunk> chunks, ChunkDecoder decoder) {
        this(chunks, decoder, null);
    }

    /** As above, offering {@code reuse} (a chunk iterator no longer needed) to the first chunk's decoder. */
    ChunksSampleIterator(List<StoreChunk> chunks, ChunkDecoder decoder, SampleIterator reuse) {
        this.chunks = chunks;
        this.decoder = decoder;
        this.current = reuse;
    }

    /** The iterator of the chunk being read, for reuse by the next series once this one is done. */
    SampleIterator chunkIterator() {
        return current;
    }

    private boolean openNext() {
        index++;
        if (index >= chunks.size()) {
            exhausted = true;
            positioned = false;
            return false;
        }
        StoreChunk c = chunks.get(index);
        currentMaxTime = c.maxTime();
        current = decoder.decode(c).iterator(current);
        return true;
    }

    @Override
    public ValueType next() {
        if (exhausted) {
            return ValueType.NONE;
        }
        while (index < 0 || current.next() == ValueType.NONE) {
            if (!openNext()) {
                return ValueType.NONE;
            }
        }
        positioned = true;
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long t) {
        if (exhausted) {
            return ValueType.NONE;
        }
        if (positioned) {
            if (current.atT() >= t) {
                return ValueType.FLOAT;
            }
            if (currentMaxTime >= t) {
                // The target is in the current chunk and, in a dedup merge, usually a sample or two ahead:
                // stepping is cheaper than the chunk iterator's binary search over its remaining samples.
                for (int i = 0; i < SHORT_SEEK_STEPS; i++) {
                    if (current.next() == ValueType.NONE) {
                        break;
                    }
                    if (current.atT() >= t) {
                        return ValueType.FLOAT;
                    }
                }
            }
        }
        // Skip chunks that end before t without decoding them.
        if (index < 0 || chunks.get(index).maxTime() < t) {
            while (index + 1 < chunks.size() && chunks.get(index + 1).maxTime() < t) {
                index++;
            }
            if (!openNext()) {
                return ValueType.NONE;
            }
        }
        while (current.seek(t) == ValueType.NONE) {
            if (!openNext()) {
                return ValueType.NONE;
            }
        }
        positioned = true;
        return ValueType.FLOAT;
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
