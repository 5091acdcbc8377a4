package io.jthanos.tsdb.index;

final class EmptyPostings implements Postings {
    static final EmptyPostings INSTANCE = new EmptyPostings();

    private EmptyPostings() {}

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public boolean seek(long v) {
        return false;
    }

    @Override
    public long at() {
        throw new IllegalStateException("empty postings");
    }
}
