package io.jthanos.receive.tsdb;

import java.util.Arrays;

/**
 * The result of writing a batch of series: per series either success ({@code null}) or the reason
 * it was (partly) rejected, and the number of samples made durable.
 */
public final class WriteOutcome {
    private final SeriesError[] errors;
    private int samplesWritten;
    private int failed;

    public WriteOutcome(int series) {
        this.errors = new SeriesError[series];
    }

    /** A batch where every series failed for the same reason. */
    public static WriteOutcome allFailed(int series, SeriesError error) {
        WriteOutcome o = new WriteOutcome(series);
        for (int i = 0; i < series; i++) {
            o.fail(i, error);
        }
        return o;
    }

    void fail(int series, SeriesError error) {
        if (errors[series] == null) {
            failed++;
        }
        errors[series] = error;
    }

    void addSamples(int n) {
        samplesWritten += n;
    }

    /** The error of series {@code i} of the batch, or {@code null}. */
    public SeriesError error(int i) {
        return errors[i];
    }

    /** Number of series in the batch. */
    public int size() {
        return errors.length;
    }

    /** Number of series with an error. */
    public int failedSeries() {
        return failed;
    }

    /** Samples committed durably. */
    public int samplesWritten() {
        return samplesWritten;
    }

    @Override
    public String toString() {
        return "WriteOutcome{samples=" + samplesWritten + ", errors=" + Arrays.toString(errors) + "}";
    }
}
