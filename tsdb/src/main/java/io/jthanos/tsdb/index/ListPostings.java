package io.jthanos.tsdb.index;

/** Postings over a sorted in-memory array; seek gallops, then binary-searches. */
final class ListPostings implements Postings {
    private final long[] ids;
    private final int size;
    private int i = -1;
    private boolean done;

    ListPostings(long[] ids, int size) {
        this.ids = ids;
        this.size = size;
    }

    @Override
    public boolean next() {
        if (done || ++i >= size) {
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public boolean seek(long v) {
        if (done) {
            return false;
        }
        if (i < 0) {
            i = 0;
        }
        if (i >= size) {
            done = true;
            return false;
        }
        if (ids[i] >= v) {
            return true;
        }
        // gallop: the next match is usually close, so probe 1, 2, 4, … ahead, then binary-search
        int lo = i + 1;
        int step = 1;
        int hi = lo;
        while (hi < size && ids[hi] < v) {
            lo = hi + 1;
            hi = (int) Math.min((long) hi + step, size);
            step <<= 1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ids[mid] < v) {
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
        return true;
    }

    @Override
    public long at() {
        return ids[i];
    }
}
