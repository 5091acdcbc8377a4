package io.jthanos.tsdb.index;

/** Postings over a sorted in-memory array; seek gallops then binary-searches. */
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
        int lo = i + 1;
        int hi = size;
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
