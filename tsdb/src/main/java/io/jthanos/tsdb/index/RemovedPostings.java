package io.jthanos.tsdb.index;

/** The ids of one postings list that are absent from another. */
final class RemovedPostings implements Postings {
    private final Postings full;
    private final Postings remove;
    private boolean removeValid = true;
    private boolean removeStarted;
    private boolean done;

    RemovedPostings(Postings full, Postings remove) {
        this.full = full;
        this.remove = remove;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (!full.next()) {
            done = true;
            return false;
        }
        return skipRemoved();
    }

    @Override
    public boolean seek(long v) {
        if (done) {
            return false;
        }
        if (!full.seek(v)) {
            done = true;
            return false;
        }
        return skipRemoved();
    }

    private boolean skipRemoved() {
        while (true) {
            long a = full.at();
            if (removeValid && (!removeStarted || remove.at() < a)) {
                removeStarted = true;
                removeValid = remove.seek(a);
            }
            if (!removeValid || remove.at() != a) {
                return true;
            }
            if (!full.next()) {
                done = true;
                return false;
            }
        }
    }

    @Override
    public long at() {
        return full.at();
    }
}
