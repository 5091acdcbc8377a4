package io.jthanos.tsdb.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Postings read lazily from a big-endian uint32 list in a (memory-mapped) index. */
final class BigEndianPostings implements Postings {
    private static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment list;
    private final int size;
    private int i = -1;
    private long cur;
    private boolean done;

    BigEndianPostings(MemorySegment list) {
        this.list = list;
        this.size = (int) (list.byteSize() >>> 2);
    }

    private long get(int k) {
        return Integer.toUnsignedLong(list.get(BE_INT, (long) k << 2));
    }

    @Override
    public boolean next() {
        if (done || ++i >= size) {
            done = true;
            return false;
        }
        cur = get(i);
        return true;
    }

    @Override
    public boolean seek(long v) {
        if (done) {
            return false;
        }
        if (i < 0) {
            i = 0;
            if (size == 0) {
                done = true;
                return false;
            }
            cur = get(0);
        }
        if (cur >= v) {
            return true;
        }
        // gallop: the next match is usually close, so probe 1, 2, 4, … ahead, then binary-search
        int lo = i + 1;
        int step = 1;
        int hi = lo;
        while (hi < size && get(hi) < v) {
            lo = hi + 1;
            hi = (int) Math.min((long) hi + step, size);
            step <<= 1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid) < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        i = lo;
        if (i >= size) {
            done = true;
            return false;
        }
        cur = get(i);
        return true;
    }

    @Override
    public long at() {
        return cur;
    }
}
