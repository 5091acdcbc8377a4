package io.jthanos.tsdb.index;

/** The union of several postings lists: a k-way merge over a binary min-heap, duplicates collapsed. */
final class MergedPostings implements Postings {
    private final Postings[] heap;
    private int n;
    private boolean initialized;
    private boolean done;
    private long cur;

    MergedPostings(Postings[] its) {
        this.heap = its.clone();
    }

    private void init(long seekTo, boolean seek) {
        n = 0;
        for (Postings p : heap.clone()) {
            if (seek ? p.seek(seekTo) : p.next()) {
                heap[n++] = p;
            }
        }
        for (int i = n / 2 - 1; i >= 0; i--) {
            down(i);
        }
        initialized = true;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (!initialized) {
            init(0, false);
        } else {
            // advance every list positioned on the current id
            while (n > 0 && heap[0].at() == cur) {
                if (heap[0].next()) {
                    down(0);
                } else {
                    pop();
                }
            }
        }
        if (n == 0) {
            done = true;
            return false;
        }
        cur = heap[0].at();
        return true;
    }

    @Override
    public boolean seek(long v) {
        if (done) {
            return false;
        }
        if (!initialized) {
            init(v, true);
        } else {
            if (cur >= v) {
                return true;
            }
            while (n > 0 && heap[0].at() < v) {
                if (heap[0].seek(v)) {
                    down(0);
                } else {
                    pop();
                }
            }
        }
        if (n == 0) {
            done = true;
            return false;
        }
        cur = heap[0].at();
        return true;
    }

    private void pop() {
        heap[0] = heap[--n];
        heap[n] = null;
        if (n > 0) {
            down(0);
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                return;
            }
            int m = l;
            if (l + 1 < n && heap[l + 1].at() < heap[l].at()) {
                m = l + 1;
            }
            if (heap[i].at() <= heap[m].at()) {
                return;
            }
            Postings t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
    }

    @Override
    public long at() {
        return cur;
    }
}
