package io.jthanos.tsdb.chunkenc;

/** The iterator over nothing. */
final class EmptySampleIterator implements SampleIterator {
    static final EmptySampleIterator INSTANCE = new EmptySampleIterator();

    private EmptySampleIterator() {}

    @Override
    public ValueType next() {
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        return ValueType.NONE;
    }

    @Override
    public long atT() {
        throw new IllegalStateException("empty iterator has no sample");
    }

    @Override
    public double atF() {
        throw new IllegalStateException("empty iterator has no sample");
    }
}
