package io.jthanos.tsdb.chunkenc;

/** What a {@link SampleIterator} is positioned on; {@link #NONE} means exhausted. */
public enum ValueType {
    NONE,
    FLOAT,
    HISTOGRAM,
    FLOAT_HISTOGRAM
}
