package io.jthanos.tsdb.index;

/** The intersection of several postings lists: leapfrogging seeks to the largest current id. */
final class IntersectPostings implements Postings {
    private final Postings[] its;
    private long cur;
    private boolean done;

    IntersectPostings(Postings[] its) {
        this.its = its;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (!its[0].next()) {
            done = true;
            return false;
        }
        return doSeek(its[0].at());
    }

    @Override
    public boolean seek(long v) {
        if (done) {
            return false;
        }
        return doSeek(v);
    }

    private boolean doSeek(long target) {
        while (true) {
            boolean allEqual = true;
            for (Postings p : its) {
                if (!p.seek(target)) {
                    done = true;
                    return false;
                }
                long a = p.at();
                if (a > target) {
                    target = a;
                    allEqual = false;
                }
            }
            if (allEqual) {
                cur = target;
                return true;
            }
        }
    }

    @Override
    public long at() {
        return cur;
    }
}
