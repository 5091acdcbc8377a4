package io.jthanos.tsdb.chunkenc;

/**
 * A forward-only cursor over the samples of one series or chunk, in increasing timestamp order.
 *
 * <p>Contract (after Prometheus's {@code chunkenc.Iterator}):
 * <ul>
 *   <li>Before the first {@link #next()} or {@link #seek(long)} the position is undefined.</li>
 *   <li>{@code next()} advances by one sample and returns its type, or {@link ValueType#NONE} when
 *       exhausted; once exhausted it stays exhausted.</li>
 *   <li>{@code seek(t)} advances to the first sample with timestamp {@code >= t} and returns its type;
 *       it never moves backwards: if the current sample already satisfies {@code >= t} it stays.</li>
 *   <li>{@link #atT()} and {@link #atF()} are valid only while positioned on a {@link ValueType#FLOAT}
 *       sample. Histogram access will be added with native-histogram support.</li>
 *   <li>Corrupt underlying data raises {@link java.io.UncheckedIOException} wrapping the corruption
 *       exception; an iterator never returns wrong data.</li>
 * </ul>
 * Implementations allocate nothing per sample.
 */
public interface SampleIterator {
    ValueType next();

    ValueType seek(long t);

    long atT();

    double atF();

    /** An iterator with no samples. */
    static SampleIterator empty() {
        return EmptySampleIterator.INSTANCE;
    }
}
